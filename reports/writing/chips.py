"""Figures in the text: each is a chip linked to the data, shown as 【label：value】.

A paragraph is stored as a template: its words and `{key}` tokens. The officer never sees
a token: the editor shows the rendered text with each figure as a chip (【联席会议次数：1】)
and turns the chips back into tokens on save, refusing any chip or brace it does not know.
A fact the data does not hold is written as a visible 【待补充：…】 that blocks filing until
the officer writes it or removes it.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOKEN = re.compile(r"\{([a-z0-9_]+)\}")
CHIP = re.compile(r"【([^【】：:]*)[：:]([^【】]*)】")
MISSING_LABEL = "待补充"
UNKNOWN_LABEL = "未知数据"
BLOCKING = (f"【{MISSING_LABEL}", f"【{UNKNOWN_LABEL}")


def missing(what: str) -> str:
    """Return the marker of a fact the officer must write: 【待补充：what】."""
    return f"【{MISSING_LABEL}：{what}】"


@dataclass(frozen=True)
class Chip:
    """One figure: its key in templates, its label for people, its text in the report.

    `options` are the truthful wordings (style, text) the officer may choose among.
    """

    key: str
    label: str
    text: str
    options: tuple[tuple[str, str], ...] = field(default=())

    @property
    def shown(self) -> str:
        """Return the chip as the editor shows it: 【label：text】."""
        return f"【{self.label}：{self.text}】"


def index(chips: list[Chip]) -> dict[str, Chip]:
    """Return the chips by key; a label used twice is a programming error."""
    labels = [c.label for c in chips]
    if len(labels) != len(set(labels)):
        raise ValueError(f"duplicate chip labels: {sorted(labels)}")
    return {c.key: c for c in chips}


def render(template: str, chips: dict[str, Chip]) -> str:
    """Return `template` with each token replaced by its chip's text.

    A token whose figure no longer exists is written as 【未知数据：key】, which blocks filing.
    """
    return TOKEN.sub(
        lambda m: (
            chips[m.group(1)].text if m.group(1) in chips else f"【{UNKNOWN_LABEL}：{m.group(1)}】"
        ),
        template,
    )


def for_editor(template: str, chips: dict[str, Chip]) -> str:
    """Return `template` as the officer edits it: every token shown as its chip."""
    return TOKEN.sub(
        lambda m: (
            chips[m.group(1)].shown if m.group(1) in chips else f"【{UNKNOWN_LABEL}：{m.group(1)}】"
        ),
        template,
    )


def from_editor(text: str, chips: dict[str, Chip]) -> str:
    """Return the template of an edited paragraph, its chips turned back into tokens.

    Raises ValidationError naming every chip whose label is unknown or whose value was
    changed by hand, and any brace or unmatched 【】 left in the text.
    """
    by_label = {c.label: c for c in chips.values()}
    errors: list[str] = []

    def token(match: re.Match) -> str:
        label, value = match.group(1).strip(), match.group(2).strip()
        if label == MISSING_LABEL:
            return match.group(0)
        chip = by_label.get(label)
        if chip is None:
            errors.append(_("未知的数据引用：%(chip)s") % {"chip": match.group(0)})
            return match.group(0)
        if value not in {chip.text, *(text for _s, text in chip.options)}:
            errors.append(
                _("数据“%(label)s”由平台填写，不能手改（当前为%(value)s）：%(chip)s")
                % {"label": label, "value": chip.text, "chip": match.group(0)}
            )
        return "{" + chip.key + "}"

    template = CHIP.sub(token, text.strip())
    rest = CHIP.sub("", text)
    if any(mark in rest for mark in "【】{}"):
        errors.append(_("文字中有不完整的数据标记（【】或花括号），请删除或改正。"))
    if errors:
        raise ValidationError(errors)
    return template


def blocking_marks(text: str) -> list[str]:
    """Return the 【待补充：…】 and 【未知数据：…】 marks left in a rendered text."""
    return [m.group(0) for m in CHIP.finditer(text) if m.group(0).startswith(BLOCKING)]
