"""The county calendar: half-years and school terms, including January's autumn term."""

import datetime

from core.periods import half_containing, half_year_dates, term_containing, term_dates


def test_half_years_split_the_calendar_year_at_the_end_of_june():
    assert half_year_dates(2011, 1) == (datetime.date(2011, 1, 1), datetime.date(2011, 6, 30))
    assert half_year_dates(2011, 2) == (datetime.date(2011, 7, 1), datetime.date(2011, 12, 31))
    assert half_containing(datetime.date(2011, 6, 30)) == 1
    assert half_containing(datetime.date(2011, 7, 1)) == 2


def test_january_belongs_to_the_autumn_term_of_the_year_before():
    assert term_containing(datetime.date(2012, 1, 15)) == (2011, "autumn")
    assert term_containing(datetime.date(2012, 2, 1)) == (2012, "spring")
    assert term_dates(2011, "autumn") == (datetime.date(2011, 8, 1), datetime.date(2012, 1, 31))
