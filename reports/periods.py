"""Report periods: a year's first half (H1), second half (H2) or the whole year.

Written here because reports/dashboards/periods.py did not exist when the report needed it.
"""

import datetime
from dataclasses import dataclass

from schools.calendar import half_year_dates
from schools.models import Semester

HALVES = ("H1", "H2", "Y")
LABELS = {"H1": "上半年", "H2": "下半年", "Y": "全年"}


@dataclass(frozen=True)
class ReportPeriod:
    """A reporting period: its year, half and first and last days (inclusive)."""

    year: int
    half: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        """Return the period in Chinese, e.g. "2011年上半年" (no spaces, GB/T 15835)."""
        return f"{self.year}年{LABELS[self.half]}"

    @property
    def year_start(self) -> datetime.date:
        """Return 1 January of the period's year."""
        return datetime.date(self.year, 1, 1)

    @property
    def semester(self) -> str:
        """Return the school term whose enrolment the period reports (spring for H1)."""
        return Semester.SPRING if self.half == "H1" else Semester.AUTUMN


def period_for(year: int, half: str) -> ReportPeriod:
    """Return the period of `year` and `half` ("H1", "H2" or "Y"); ValueError otherwise."""
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}")
    if not 2000 <= int(year) <= 2100:
        raise ValueError(f"year out of range: {year!r}")
    year = int(year)
    first, last = half_year_dates(year, 1), half_year_dates(year, 2)
    start = last[0] if half == "H2" else first[0]
    end = first[1] if half == "H1" else last[1]
    return ReportPeriod(year=year, half=half, start=start, end=end)


def last_completed_half(today: datetime.date) -> tuple[int, str]:
    """Return (year, half) of the last half-year that ended before `today`."""
    for year, half in ((today.year, "H2"), (today.year, "H1"), (today.year - 1, "H2")):
        if period_for(year, half).end < today:
            return year, half
    return today.year - 1, "H1"
