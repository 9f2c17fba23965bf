"""The shop's working days: Monday to Friday, Vietnam time, but Vietnam's public holidays.

Bank transfers are checked by hand on working days, so a transfer order must not be cancelled as
unpaid before staff have had one to see the money (storefront.payments.vietqr). The holidays are
python-holidays' list for Việt Nam: Tết and the Hùng Kings' day by the lunar calendar, the days given
in lieu of one that falls on a weekend, and the days off the government moves for a long break.
"""

import datetime
import functools

import holidays

from catalogue.vietnam_time import VIETNAM

SATURDAY = 5
# A working day ends at its last minute: the deadline buyers are shown reads "23:59 07/12/2026".
END_OF_DAY = datetime.time(23, 59)


def end_of_next_working_day(moment: datetime.datetime) -> datetime.datetime:
    """23:59 Vietnam time on the first working day after `moment`'s day (in Việt Nam): Friday
    evening's, Saturday's or Sunday's moment → Monday 23:59; Monday's → Tuesday 23:59; the evening
    before Tết → the first working day after it."""
    day = moment.astimezone(VIETNAM).date() + datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=VIETNAM)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


@functools.cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Computed once a year per process, and frozen: the library fills its calendar as it is asked,
    which threads serving orders should not do at the same time."""
    return frozenset(holidays.country_holidays("VN", years=year))
