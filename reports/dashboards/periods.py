"""Periods a dashboard (and later the half-year report) covers, and how the URL carries them.

Four kinds, all closed ranges of dates:

- term: the spring term runs 1 Feb - 31 Jul, the autumn term 1 Aug - 31 Jan of the next
  year (the same boundaries as activities.periods, so a term means one thing everywhere);
- half: H1 is 1 Jan - 30 Jun, H2 is 1 Jul - 31 Dec (the joint meeting's half-years);
- year: the calendar year;
- custom: any start and end day.

The URL carries a period as `?period=term&year=2025&part=spring`,
`?period=half&year=2025&part=2`, `?period=year&year=2025` or
`?period=custom&from=2025-03-01&to=2025-05-31`; `parse_period` reads those parameters
back, and falls back to the current term for anything missing or invalid, so a shared
link never fails.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from schools.calendar import half_containing, half_year_dates, term_containing, term_dates

TERM = "term"
HALF = "half"
YEAR = "year"
CUSTOM = "custom"
KINDS = (TERM, HALF, YEAR, CUSTOM)
SPRING = "spring"
AUTUMN = "autumn"
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    """A closed range of days, with the kind and parts it was chosen by."""

    kind: str
    start: datetime.date
    end: datetime.date
    year: int | None = None
    part: str = ""

    @property
    def label(self) -> str:
        """Return the period in the interface language, e.g. "2025年春季学期" or "2025年上半年"."""
        if self.kind == TERM:
            text = _("%(year)s年春季学期") if self.part == SPRING else _("%(year)s年秋季学期")
        elif self.kind == HALF:
            text = _("%(year)s年上半年") if self.part == "1" else _("%(year)s年下半年")
        elif self.kind == YEAR:
            text = _("%(year)s年")
        else:
            dates = {"start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}"}
            return _("%(start)s 至 %(end)s") % dates
        return text % {"year": self.year}

    @property
    def key(self) -> str:
        """Return a short stable string naming the period (for cache keys)."""
        return f"{self.kind}:{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def params(self) -> dict[str, str]:
        """Return the URL parameters that name this period."""
        if self.kind == CUSTOM:
            return {
                "period": CUSTOM,
                "from": f"{self.start:%Y-%m-%d}",
                "to": f"{self.end:%Y-%m-%d}",
            }
        params = {"period": self.kind, "year": str(self.year)}
        if self.part:
            params["part"] = self.part
        return params

    def query(self) -> str:
        """Return the URL query string (without "?") that names this period."""
        return urlencode(self.params())

    def previous(self) -> "Period":
        """Return the period just before this one, of the same kind and length."""
        if self.kind == TERM:
            if self.part == SPRING:
                return term(self.year - 1, AUTUMN)
            return term(self.year, SPRING)
        if self.kind == HALF:
            return half_year(self.year - 1, 2) if self.part == "1" else half_year(self.year, 1)
        if self.kind == YEAR:
            return calendar_year(self.year - 1)
        days = (self.end - self.start).days + 1
        return custom(
            self.start - datetime.timedelta(days=days), self.start - datetime.timedelta(days=1)
        )


def term(year: int, semester: str) -> Period:
    """Return the spring (Feb-Jul) or autumn (Aug-next Jan) term that starts in `year`."""
    start, end = term_dates(year, semester)
    return Period(TERM, start, end, year, SPRING if semester == SPRING else AUTUMN)


def half_year(year: int, half: int) -> Period:
    """Return H1 (Jan-Jun, half=1) or H2 (Jul-Dec, half=2) of `year`."""
    start, end = half_year_dates(year, half)
    return Period(HALF, start, end, year, "1" if half == 1 else "2")


def calendar_year(year: int) -> Period:
    """Return the calendar year `year`."""
    return Period(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year)


def custom(start: datetime.date, end: datetime.date) -> Period:
    """Return the range from `start` to `end`, both included (swapped if given backwards)."""
    start, end = min(start, end), max(start, end)
    return Period(CUSTOM, start, end)


def term_of(day: datetime.date) -> Period:
    """Return the school term that contains `day`."""
    return term(*term_containing(day))


def half_year_of(day: datetime.date) -> Period:
    """Return the half-year that contains `day`."""
    return half_year(day.year, half_containing(day))


def recent_terms(day: datetime.date, count: int) -> list[Period]:
    """Return the `count` terms up to the one containing `day`, oldest first."""
    terms = [term_of(day)]
    while len(terms) < count:
        terms.append(terms[-1].previous())
    return terms[::-1]


def _year(value: str | None) -> int | None:
    """Return `value` as a year in range, or None."""
    if value and value.isdigit() and MIN_YEAR <= int(value) <= MAX_YEAR:
        return int(value)
    return None


def _day(value: str | None) -> datetime.date | None:
    """Return `value` (YYYY-MM-DD) as a date within the supported years, or None."""
    try:
        day = datetime.date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def parse_period(
    params: Mapping[str, str], *, today: datetime.date, allow_custom: bool = True
) -> Period:
    """Return the period that URL parameters name; the term containing `today` if invalid.

    Without `allow_custom` only whole terms, half-years and years are read: a few days'
    period, or the difference of two that overlap, would show one child's change.
    """
    kind = params.get("period")
    year = _year(params.get("year"))
    part = params.get("part") or ""
    if kind == TERM and year and part in (SPRING, AUTUMN):
        return term(year, part)
    if kind == HALF and year and part in ("1", "2"):
        return half_year(year, int(part))
    if kind == YEAR and year:
        return calendar_year(year)
    if kind == CUSTOM and allow_custom:
        start, end = _day(params.get("from")), _day(params.get("to"))
        if start and end:
            return custom(start, end)
    return term_of(today)
