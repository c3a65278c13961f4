"""What every section writer returns: its heading, its paragraphs and the chips they use."""

from dataclasses import dataclass, field

from .chips import Chip
from .numerals import EXACT, rounding_options, worded


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's stable key, its default template ("" = left out) and its sub-heading."""

    key: str
    template: str
    sub: str = ""


@dataclass
class Section:
    """A section of the report: heading ("" for the opening overview) and paragraphs."""

    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)


class Chips:
    """Collects a section's chips; each method registers one and returns its {token}."""

    def __init__(self, rounding: dict[str, str]):
        self.rounding = rounding
        self.items: list[Chip] = []

    def text(self, key: str, label: str, text: str) -> str:
        """Register a chip showing `text` and return its token.

        A 【 or 】 typed into a record (an activity's title, say) becomes 〔 〕, so the
        chip it lands in still reads as one chip in the editor.
        """
        shown = str(text).replace("【", "〔").replace("】", "〕")
        self.items.append(Chip(key=key, label=label, text=shown))
        return "{" + key + "}"

    def count(self, key: str, label: str, n: int) -> str:
        """Register an exact count (written without its measure word) and return its token."""
        return self.text(key, label, str(n))

    def rounded(self, key: str, label: str, value, unit: str, *, money: bool = False) -> str:
        """Register a figure the officer may round (its unit included) and return its token."""
        style = self.rounding.get(key, EXACT)
        options = tuple(rounding_options(value, unit, money=money))
        text = worded(value, unit, style, money=money)
        self.items.append(Chip(key=key, label=label, text=text, options=options))
        return "{" + key + "}"
