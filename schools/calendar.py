"""The county's calendar: the two half-years and the two school terms, defined once.

Lists, dashboards and the half-year report build their own period objects on these dates.
"""

import datetime

from .models import Semester

DateRange = tuple[datetime.date, datetime.date]


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
