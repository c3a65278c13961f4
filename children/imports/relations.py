"""The entrusted guardian's relation to the child, as registers write it (与儿童关系).

People write the everyday word (爷爷, 外婆, 舅舅, 邻居 ...), not the national form's coded
relation. This one table maps each word to the coded relation; the record keeps the word
as written beside the code (Child.guardian_relation_word). Beside the header aliases in
children.imports.columns; documented in docs/import.md.
"""

from children.models.choices import GuardianRelation

PATERNAL = (
    "爷爷",
    "奶奶",
    "祖父",
    "祖母",
    "祖父母",
    "爷爷奶奶",
    "太爷爷",
    "太奶奶",
    "曾祖父",
    "曾祖母",
    "祖孙",  # the relation named from both sides, as 母女 and 父子 are
    "爷孙",
)
MATERNAL = (
    "外公",
    "外婆",
    "姥姥",
    "姥爷",
    "外祖父",
    "外祖母",
    "外祖父母",
    "外公外婆",
    "姥姥姥爷",
    "外祖孙",
)
SIBLINGS = ("哥哥", "姐姐", "兄", "姐", "兄长", "胞兄", "胞姐", "兄姐")
RELATIVES = (
    "叔叔",
    "叔父",
    "婶婶",
    "婶娘",
    "伯伯",
    "伯父",
    "伯母",
    "大伯",
    "大妈",
    "姑姑",
    "姑妈",
    "姑父",
    "舅舅",
    "舅妈",
    "舅父",
    "舅母",
    "姨妈",
    "姨父",
    "小姨",
    "阿姨",
    "姨",
    "堂哥",
    "堂姐",
    "表哥",
    "表姐",
    "嫂子",
    "姐夫",
    "亲戚",
    "亲属",
    "其他亲属",
)
FRIENDS = ("邻居", "朋友", "同乡", "老乡")
PARENTS = ("父亲", "母亲", "父子", "母子", "父女", "母女", "爸爸", "妈妈", "继父", "继母")
OTHERS = ("老师", "教师", "代理家长", "村干部", "其他")

RELATION_WORDS: dict[str, str] = {
    **dict.fromkeys(PATERNAL, GuardianRelation.GRANDPARENT_PATERNAL),
    **dict.fromkeys(MATERNAL, GuardianRelation.GRANDPARENT_MATERNAL),
    **dict.fromkeys(SIBLINGS, GuardianRelation.SIBLING),
    **dict.fromkeys(RELATIVES, GuardianRelation.RELATIVE),
    **dict.fromkeys(FRIENDS, GuardianRelation.FRIEND),
    **dict.fromkeys(PARENTS, GuardianRelation.PARENT),
    **dict.fromkeys(OTHERS, GuardianRelation.OTHER),
}


def relation_code(word: str) -> str | None:
    """Return the coded relation for an everyday word (or a coded label), None if unknown.

    "祖孙" style words are not guessed: a word not in the table is the caller's error.
    """
    word = "".join(word.split())
    if word in RELATION_WORDS:
        return RELATION_WORDS[word]
    for value, label in GuardianRelation.choices:
        if word in (value, str(label)):
            return value
    return None
