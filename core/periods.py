"""The county's calendar and the one Period type every list, dashboard and report uses.

Four kinds of period, all closed ranges of days:

- term: the spring term runs 1 Feb - 31 Jul, the autumn term 1 Aug - 31 Jan of the next year;
- half: H1 is 1 Jan - 30 Jun, H2 is 1 Jul - 31 Dec (the joint meeting's half-years);
- year: the calendar year;
- custom: any start and end day.

A URL names a period one way only, `?period=<token>`: `2025-H1`, `2025-H2`, `2025-spring`,
`2025-autumn`, `2025`, or `custom` with `&start=2025-03-01&end=2025-05-31`.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TERM = "term"
HALF = "half"
YEAR = "year"
CUSTOM = "custom"
KINDS = (TERM, HALF, YEAR, CUSTOM)
H1, H2, WHOLE_YEAR = "H1", "H2", "Y"
MIN_YEAR, MAX_YEAR = 2000, 2100
DateRange = tuple[datetime.date, datetime.date]


class Semester(models.TextChoices):
    """The two terms of a school year, by the calendar half in which they start."""

    SPRING = "spring", gettext_lazy("春季学期")
    AUTUMN = "autumn", gettext_lazy("秋季学期")


def half_year_dates(year: int, half: int) -> DateRange:
    """Return the first and last day of H1 (Jan-Jun, half=1) or H2 (Jul-Dec, half=2)."""
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def half_containing(day: datetime.date) -> int:
    """Return 1 or 2: the half of its year that `day` falls in."""
    return 1 if day.month <= 6 else 2


def term_dates(year: int, semester: str) -> DateRange:
    """Return the first and last day of the spring term (Feb-Jul) or the autumn term
    (Aug to the next January) that starts in `year`."""
    if semester == Semester.SPRING:
        return datetime.date(year, 2, 1), datetime.date(year, 7, 31)
    return datetime.date(year, 8, 1), datetime.date(year + 1, 1, 31)


def term_containing(day: datetime.date) -> tuple[int, str]:
    """Return (year it starts in, semester) of the school term that contains `day`."""
    if day.month == 1:
        return day.year - 1, Semester.AUTUMN
    return day.year, Semester.SPRING if day.month <= 7 else Semester.AUTUMN


def years_before(day: datetime.date, years: int) -> datetime.date:
    """Return the same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Period:
    """A closed range of days, with the kind and parts it was chosen by.

    `part` is "spring"/"autumn" for a term, "H1"/"H2" for a half-year, "" otherwise.
    """

    kind: str
    start: datetime.date
    end: datetime.date
    year: int | None = None
    part: str = ""

    @property
    def label(self) -> str:
        """Return the period in the interface language, e.g. "2025年春季学期"."""
        if self.kind == TERM:
            text = (
                _("%(year)s年春季学期") if self.part == Semester.SPRING else _("%(year)s年秋季学期")
            )
        elif self.kind == HALF:
            text = _("%(year)s年上半年") if self.part == H1 else _("%(year)s年下半年")
        elif self.kind == YEAR:
            text = _("%(year)s年")
        else:
            dates = {"start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}"}
            return _("%(start)s 至 %(end)s") % dates
        return text % {"year": self.year}

    @property
    def token(self) -> str:
        """Return the value of the `period` URL parameter that names this period."""
        if self.kind == CUSTOM:
            return CUSTOM
        if self.kind == YEAR:
            return str(self.year)
        return f"{self.year}-{self.part}"

    @property
    def key(self) -> str:
        """Return a short stable string naming the period (for cache keys)."""
        return f"{self.kind}:{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    @property
    def half_code(self) -> str:
        """Return the report's code of a half-year or year period: "H1", "H2" or "Y"."""
        return self.part if self.kind == HALF else WHOLE_YEAR

    @property
    def semester(self) -> str:
        """Return the school term whose enrolment the period reports (spring for H1)."""
        if self.kind == TERM:
            return self.part
        return Semester.SPRING if self.part == H1 else Semester.AUTUMN

    @property
    def year_start(self) -> datetime.date:
        """Return 1 January of the year the period starts in."""
        return datetime.date(self.start.year, 1, 1)

    @property
    def is_whole(self) -> bool:
        """Return whether this is a whole term, half-year or year (not a custom range)."""
        return self.kind != CUSTOM

    def params(self) -> dict[str, str]:
        """Return the URL parameters that name this period."""
        if self.kind == CUSTOM:
            return {
                "period": CUSTOM,
                "start": f"{self.start:%Y-%m-%d}",
                "end": f"{self.end:%Y-%m-%d}",
            }
        return {"period": self.token}

    def query(self) -> str:
        """Return the URL query string (without "?") that names this period."""
        return urlencode(self.params())

    def has_ended(self, today: datetime.date) -> bool:
        """Return whether the period's last day is before `today`."""
        return self.end < today

    def previous(self) -> "Period":
        """Return the period just before this one, of the same kind and length."""
        if self.kind == TERM:
            if self.part == Semester.SPRING:
                return term(self.year - 1, Semester.AUTUMN)
            return term(self.year, Semester.SPRING)
        if self.kind == HALF:
            return half_year(self.year - 1, 2) if self.part == H1 else half_year(self.year, 1)
        if self.kind == YEAR:
            return calendar_year(self.year - 1)
        days = (self.end - self.start).days + 1
        return custom(
            self.start - datetime.timedelta(days=days), self.start - datetime.timedelta(days=1)
        )


def term(year: int, semester: str) -> Period:
    """Return the spring (Feb-Jul) or autumn (Aug-next Jan) term that starts in `year`."""
    start, end = term_dates(year, semester)
    part = Semester.SPRING if semester == Semester.SPRING else Semester.AUTUMN
    return Period(TERM, start, end, year, str(part.value))


def half_year(year: int, half: int) -> Period:
    """Return H1 (Jan-Jun, half=1) or H2 (Jul-Dec, half=2) of `year`."""
    start, end = half_year_dates(year, half)
    return Period(HALF, start, end, year, H1 if half == 1 else H2)


def calendar_year(year: int) -> Period:
    """Return the calendar year `year`."""
    return Period(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31), year)


def custom(start: datetime.date, end: datetime.date) -> Period:
    """Return the range from `start` to `end`, both included (swapped if given backwards)."""
    start, end = min(start, end), max(start, end)
    return Period(CUSTOM, start, end)


def report_period(year: int, code: str) -> Period:
    """Return the report period of `year` and `code` ("H1", "H2" or "Y"); ValueError otherwise."""
    if code not in (H1, H2, WHOLE_YEAR):
        raise ValueError(f"unknown half {code!r}")
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise ValueError(f"year out of range: {year!r}")
    if code == WHOLE_YEAR:
        return calendar_year(int(year))
    return half_year(int(year), 1 if code == H1 else 2)


def term_of(day: datetime.date) -> Period:
    """Return the school term that contains `day`."""
    return term(*term_containing(day))


def half_year_of(day: datetime.date) -> Period:
    """Return the half-year that contains `day`."""
    return half_year(day.year, half_containing(day))


def last_completed_half(day: datetime.date) -> Period:
    """Return the latest half-year that ended before `day`."""
    return half_year_of(day).previous()


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


def parse_token(
    token: str, start: datetime.date | str | None = None, end: datetime.date | str | None = None
) -> Period | None:
    """Return the period a `period` token names (with the days of a custom range), else None."""
    if token == CUSTOM:
        start = start if isinstance(start, datetime.date) else _day(start)
        end = end if isinstance(end, datetime.date) else _day(end)
        return custom(start, end) if start and end else None
    year_text, _sep, part = (token or "").partition("-")
    year = _year(year_text)
    if year is None:
        return None
    if not part:
        return calendar_year(year)
    if part in (H1, H2):
        return half_year(year, 1 if part == H1 else 2)
    if part in Semester.values:
        return term(year, part)
    return None


def parse_period(params: Mapping[str, str], *, default: Period | None = None) -> Period | None:
    """Return the period that URL parameters name, or `default` when missing or invalid."""
    period = parse_token(params.get("period") or "", params.get("start"), params.get("end"))
    return period or default


def period_choices(
    today: datetime.date, *, years: int = 6, kinds: tuple[str, ...] = (HALF, TERM)
) -> list[Period]:
    """Return the recent periods of `kinds` that have begun by `today`, newest first."""
    periods: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        if HALF in kinds:
            periods += [half_year(year, 2), half_year(year, 1)]
        if TERM in kinds:
            periods += [term(year, Semester.AUTUMN), term(year, Semester.SPRING)]
        if YEAR in kinds:
            periods.append(calendar_year(year))
    return [p for p in periods if p.start <= today]
