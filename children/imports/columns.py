"""The register spreadsheet's columns: Chinese headers, the aliases schools use, and notes.

The template, the export and the import all read this one table, so an export can be
imported again unchanged. Header aliases are matched after removing spaces, line breaks,
asterisks and brackets' contents such as "（必填）".
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from children.models.choices import (
    DisabilityGrade,
    DisabilityKind,
    GuardianHealth,
    GuardianRelation,
    GuardianshipGrade,
    Health,
    HelpReceived,
    HouseholdType,
    IncomeSource,
    ParentStatus,
    Poverty,
    SchoolingStatus,
    Sex,
)

# How a cell is read: see children.imports.cells.
TEXT, NAME, ID, PHONE, DATE, CHOICE, MULTI, BOOL, INT, GRADE = (
    "text",
    "name",
    "id",
    "phone",
    "date",
    "choice",
    "multi",
    "bool",
    "int",
    "grade",
)
TOWN, VILLAGE, SCHOOL = "town", "village", "school"
# A parent's work place ("浙江杭州"), an everyday relation word ("外婆"), a mentor's name.
PLACE, RELATION, MENTOR = "place", "relation", "mentor"
# 班级 as written ("一(2)班"): the class in one spelling, and the grade it may name.
CLASS = "class"


@dataclass(frozen=True)
class Column:
    """One column of the register file: where its value goes and how it is read."""

    key: str  # a Child field, or "father.<field>" / "mother.<field>"
    header: str
    kind: str = TEXT
    aliases: tuple[str, ...] = ()
    note: str = ""
    choices: type[TextChoices] | None = None
    required: bool = False
    max_length: int | None = field(default=None)

    @property
    def relation(self) -> str | None:
        """Return "father" or "mother" for a parent's column, else None."""
        return self.key.split(".")[0] if "." in self.key else None

    @property
    def field_name(self) -> str:
        """Return the model field the column fills."""
        return self.key.split(".")[-1]


# How registers name a parent's work place, after 父亲 / 母亲.
PLACE_WORDS = ("外出地点", "打工地址", "打工地点", "务工地址", "外出务工地点", "外出务工地")
PLACE_WORDS += ("务工地", "工作地点", "务工单位地址")


def _parent_columns(relation: str, label: str) -> list[Column]:
    """Return the columns of one parent (father or mother), with their everyday names."""
    return [
        Column(
            f"{relation}.name",
            f"{label}姓名",
            NAME,
            (f"{label}", f"{label}名字"),
            max_length=30,
        ),
        Column(
            f"{relation}.status",
            f"{label}状况",
            CHOICE,
            (f"{label}情况", f"{label}外出情况", f"{label}状态"),
            _("在家、省内务工、省外务工、死亡等，从下拉列表选择"),
            ParentStatus,
        ),
        Column(
            f"{relation}.work_province",
            f"{label}务工省份",
            TEXT,
            (f"{label}务工省", f"{label}外出务工省份", f"{label}务工地（省）"),
            _("外出务工的必填"),
            max_length=20,
        ),
        Column(
            f"{relation}.work_city",
            f"{label}务工城市",
            TEXT,
            (f"{label}务工市", f"{label}务工地（市）"),
            max_length=30,
        ),
        Column(
            f"{relation}.place",
            f"{label}务工地点",
            PLACE,
            tuple(f"{label}{word}" for word in PLACE_WORDS),
            _("如 浙江杭州、上海、本县；不填状况时按地点判定在家、省内或省外务工"),
            max_length=50,
        ),
        Column(
            f"{relation}.away_since",
            f"{label}外出时间",
            DATE,
            (f"{label}外出务工时间", f"{label}外出年月", f"{label}离家时间"),
            _("如 2023-05 或 2023年5月"),
        ),
        Column(
            f"{relation}.phone",
            f"{label}电话",
            PHONE,
            (f"{label}联系电话", f"{label}手机", f"{label}手机号", f"{label}手机号码"),
            _("11 位手机号码"),
        ),
    ]


COLUMNS: list[Column] = [
    Column(
        "name", "姓名", NAME, ("儿童姓名", "学生姓名", "留守儿童姓名"), _("必填"), None, True, 30
    ),
    Column(
        "id_number",
        "公民身份号码",
        ID,
        ("身份证号", "身份证号码", "身份证", "儿童身份证号", "学生身份证号", "证件号码"),
        _("必填。18 位，本列须设为文本格式，否则 Excel 会丢失后几位"),
        required=True,
    ),
    Column("sex", "性别", CHOICE, (), _("可不填，按身份证号判定"), Sex),
    Column(
        "birth_date",
        "出生日期",
        DATE,
        ("出生年月", "出生年月日", "生日"),
        _("可不填，按身份证号判定；如 2014-03-05"),
    ),
    Column("ethnicity", "民族", TEXT, (), _("不填为汉族"), max_length=20),
    Column("household_type", "户口性质", CHOICE, ("户籍性质", "户口类型"), "", HouseholdType),
    Column(
        "household_in_county",
        "户籍在本县",
        BOOL,
        ("是否本县户籍", "本县户籍"),
        _("是/否，不填为是"),
    ),
    Column(
        "household_place", "户籍地", TEXT, ("户籍所在地", "户口所在地", "户籍地址"), max_length=200
    ),
    Column(
        "town",
        "现住乡镇",
        TOWN,
        ("乡镇", "所在乡镇", "乡（镇）", "镇"),
        _("不填为学校所在乡镇"),
    ),
    Column("village", "现住村（居）", VILLAGE, ("村（居）", "所在村", "村", "村居", "行政村")),
    Column("group", "村民小组", TEXT, ("组", "村组", "组别"), max_length=30),
    Column(
        "address",
        "详细住址",
        TEXT,
        ("家庭住址", "住址", "现住址", "家庭地址", "现居住地址", "居住地址"),
        max_length=200,
    ),
    Column("boarding", "寄宿", BOOL, ("是否寄宿", "寄宿生", "寄宿情况", "是否住校"), _("是/否")),
    Column(
        "schooling_status",
        "就学状况",
        CHOICE,
        ("就学情况", "就读状况", "就读情况", "在校情况"),
        _("不填时按年级判定"),
        SchoolingStatus,
    ),
    Column("school", "学校", SCHOOL, ("学校名称", "就读学校", "所在学校"), _("不填为本校")),
    Column("grade", "年级", GRADE, ("就读年级",), _("1-12，如 3 或 三年级")),
    Column("class_name", "班级", CLASS, ("班", "班别"), max_length=20),
    Column("health", "健康状况", CHOICE, ("身体状况", "健康情况"), _("不填为健康"), Health),
    Column("disability_kind", "残疾类别", CHOICE, ("残疾类型",), "", DisabilityKind),
    Column("disability_grade", "残疾等级", CHOICE, ("残疾级别",), "", DisabilityGrade),
    Column("illness", "所患疾病", TEXT, ("疾病名称", "患病情况"), max_length=100),
    Column(
        "guardian_name",
        "委托监护人姓名",
        NAME,
        ("监护人姓名", "监护人", "委托监护人"),
        max_length=30,
    ),
    Column(
        "guardian_relation",
        "与儿童关系",
        RELATION,
        (
            "监护人关系",
            "与监护人关系",
            "监护人与儿童关系",
            "与本人关系",
            "监护人与本人关系",
            "与学生关系",
            "与学生的关系",
            "监护人与学生关系",
            "与儿童的关系",
            "与孩子关系",
            "与孩子的关系",
            "关系",
        ),
        _("如 爷爷、外婆、舅舅、邻居"),
        GuardianRelation,
    ),
    Column(
        "guardian_id_number",
        "监护人身份证号",
        ID,
        ("监护人身份证号码", "监护人公民身份号码"),
        _("本列须设为文本格式"),
    ),
    Column(
        "guardian_phone",
        "监护人电话",
        PHONE,
        ("联系电话", "监护人联系电话", "监护人手机", "家长电话", "联系方式"),
        _("11 位手机号码"),
    ),
    Column(
        "guardian_address", "监护人住址", TEXT, ("监护人地址", "监护人家庭住址"), max_length=200
    ),
    Column("guardian_age", "监护人年龄", INT, (), _("0-120")),
    Column("guardian_health", "监护人健康状况", CHOICE, ("监护人身体状况",), "", GuardianHealth),
    Column(
        "guardianship_grade",
        "监护情况",
        CHOICE,
        ("监护等级", "监护状况", "监护类型"),
        "",
        GuardianshipGrade,
    ),
    Column(
        "guardianship_agreement_signed",
        "已签订委托监护责任确认书",
        BOOL,
        ("委托监护责任确认书", "是否签订委托监护责任确认书", "签订确认书"),
        _("是/否"),
    ),
    Column(
        "income_sources",
        "家庭收入来源",
        MULTI,
        ("收入来源", "家庭经济来源"),
        _("可多选，用顿号分隔，如 务工收入、农业收入"),
        IncomeSource,
    ),
    Column(
        "help_received",
        "获得帮扶情况",
        MULTI,
        ("帮扶情况", "救助情况", "享受救助情况"),
        _("可多选，用顿号分隔，如 低保、临时救助"),
        HelpReceived,
    ),
    Column("poverty", "贫困情况", CHOICE, ("贫困类型", "是否贫困"), _("不填为非贫困"), Poverty),
    *_parent_columns("father", "父亲"),
    *_parent_columns("mother", "母亲"),
    Column(
        "mentor",
        "帮扶教师",
        MENTOR,
        ("结对教师", "帮扶人", "结对帮扶教师", "帮扶责任人", "结对帮扶人", "帮扶老师", "结对老师"),
        _("本校帮扶人的姓名；与本校帮扶人同名时自动结对"),
        max_length=30,
    ),
]

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
PARENT_FIELDS = ("name", "status", "work_province", "work_city", "away_since", "phone")
CHILD_KEYS = [c.key for c in COLUMNS if c.relation is None and c.key != "mentor"]
# The register's own columns (the template and the export): a mentor is paired, not a field.
REGISTER_COLUMNS = [c for c in COLUMNS if c.key != "mentor" and c.kind != PLACE]

_HEADER_NOISE = re.compile(r"[\s*＊:：]|[（(][^）)]*(必填|选填|可选|文本|格式|如)[^）)]*[）)]")


def header_key(text: str) -> str:
    """Return a header cell's text as compared with the alias table."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return _HEADER_NOISE.sub("", text).replace("(", "（").replace(")", "）")


ALIASES: dict[str, Column] = {}
for _column in COLUMNS:
    for _alias in (_column.header, *_column.aliases):
        ALIASES.setdefault(header_key(_alias), _column)


def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Return {Chinese label or code: code} for reading a coded cell."""
    lookup = {}
    for value, label in choices.choices:
        lookup[header_key(str(label))] = value
        lookup[value] = value
    return lookup


# "Works away", without saying where: the parent's work place or province decides 省内 or
# 省外 (children.imports.parents), as the status column alone cannot.
AWAY_SOMEWHERE = "away"
# Common ways schools write coded values besides the labels: the words of registers as
# teachers keep them. Only words with one reading; "一般" for a child's health, "居民"
# for a household or "低保" for poverty (it is 获得帮扶情况) stay errors naming the choices.
EXTRA_CHOICES: dict[type[TextChoices], dict[str, str]] = {
    Sex: {"男生": Sex.MALE, "男孩": Sex.MALE, "男性": Sex.MALE,
          "女生": Sex.FEMALE, "女孩": Sex.FEMALE, "女性": Sex.FEMALE},
    ParentStatus: {
        **dict.fromkeys(
            ("外出务工", "外出打工", "在外务工", "在外打工", "外地务工", "打工", "务工", "外出"),
            AWAY_SOMEWHERE,
        ),
        "省外": ParentStatus.AWAY_OUT_OF_PROVINCE,
        "出国": ParentStatus.AWAY_OUT_OF_PROVINCE,
        "国外务工": ParentStatus.AWAY_OUT_OF_PROVINCE,
        "境外务工": ParentStatus.AWAY_OUT_OF_PROVINCE,
        "省内": ParentStatus.AWAY_IN_PROVINCE,
        # Working in the county is living at home (本县 as a work place reads the same).
        **dict.fromkeys(
            ("务农", "在家务农", "本县务工", "县内务工", "本地务工", "在本县务工", "在家务工"),
            ParentStatus.AT_HOME,
        ),
        "去世": ParentStatus.DECEASED,
        "已故": ParentStatus.DECEASED,
        "病故": ParentStatus.DECEASED,
        "失踪": ParentStatus.MISSING,
        "失联": ParentStatus.MISSING,
        "服刑": ParentStatus.DETAINED,
        "在押": ParentStatus.DETAINED,
        "重病": ParentStatus.SERIOUSLY_ILL,
        "重残": ParentStatus.DISABLED,
        "不详": ParentStatus.UNKNOWN,
    },
    HouseholdType: {
        "农业": HouseholdType.RURAL, "农村": HouseholdType.RURAL, "农村户口": HouseholdType.RURAL,
        "非农业": HouseholdType.URBAN, "非农": HouseholdType.URBAN, "城镇": HouseholdType.URBAN,
        "城镇户口": HouseholdType.URBAN, "城市": HouseholdType.URBAN,
    },
    Poverty: {
        "否": Poverty.NONE, "无": Poverty.NONE, "非贫困户": Poverty.NONE, "一般户": Poverty.NONE,
        "特困户": Poverty.EXTREME, "特困供养": Poverty.EXTREME,
        # 脱贫户: the 建档立卡 households since 2021, under the same register.
        "建档立卡": Poverty.REGISTERED, "建档立卡户": Poverty.REGISTERED,
        "贫困户": Poverty.REGISTERED, "脱贫户": Poverty.REGISTERED,
    },
    SchoolingStatus: {
        "在校": "", "在读": "", "学前": "kindergarten", "幼儿园": "kindergarten",
        "学龄前": "kindergarten", "未上学": "not_enrolled", "职高": "vocational",
        "中专": "vocational", "技校": "vocational", "休学": "not_in_school",
    },
    Health: {
        "良好": Health.HEALTHY, "好": Health.HEALTHY, "正常": Health.HEALTHY,
        "重病": Health.SERIOUSLY_ILL, "大病": Health.SERIOUSLY_ILL, "患病": Health.SERIOUSLY_ILL,
    },
    DisabilityKind: {
        "视力": DisabilityKind.VISUAL, "听力": DisabilityKind.HEARING,
        "言语": DisabilityKind.SPEECH, "语言": DisabilityKind.SPEECH,
        "语言残疾": DisabilityKind.SPEECH, "肢体": DisabilityKind.PHYSICAL,
        "智力": DisabilityKind.INTELLECTUAL, "精神": DisabilityKind.MENTAL,
        "多重": DisabilityKind.MULTIPLE,
    },
    DisabilityGrade: {
        **{f"{n}级": str(n) for n in range(1, 5)},
        **{word: str(n) for n, word in enumerate("一二三四", 1)},
    },
    GuardianHealth: {"良好": GuardianHealth.HEALTHY, "好": GuardianHealth.HEALTHY,
                     "差": GuardianHealth.POOR},
    GuardianshipGrade: {
        "良好": GuardianshipGrade.GOOD, "好": GuardianshipGrade.GOOD,
        "较差": GuardianshipGrade.GUARDIAN_WEAK, "差": GuardianshipGrade.GUARDIAN_WEAK,
        "监护缺失": GuardianshipGrade.NONE, "无监护": GuardianshipGrade.NONE,
    },
}  # fmt: skip

CHOICE_LOOKUPS: dict[type[TextChoices], dict[str, str]] = {
    c.choices: choice_lookup(c.choices)
    | {header_key(k): v for k, v in EXTRA_CHOICES.get(c.choices, {}).items()}
    for c in COLUMNS
    if c.choices is not None and c.kind in (CHOICE, MULTI)
}
