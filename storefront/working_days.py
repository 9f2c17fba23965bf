"""The shop's working days: Monday to Friday, Vietnam time, but Vietnam's public holidays, and the
Saturdays the government makes working days in exchange for a day off.

Bank transfers are checked by hand on working days, so a transfer order must not be cancelled as
unpaid before staff have had one to see the money (storefront.payments.vietqr). The calendar is
python-holidays' for Việt Nam: Tết and the Hùng Kings' day by the lunar calendar, the days given in
lieu of one that falls on a weekend, and the days off the government moves for a long break, with
the Saturday worked for them (Saturday 22/08/2026 for Monday 31/08/2026).
"""

import datetime
import functools

import holidays

from catalogue.vietnam_time import VIETNAM

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
    return day in working_days(day.year)


@functools.cache
def working_days(year: int) -> frozenset[datetime.date]:
    """The year's working days, computed once a year per process and frozen: the library fills its
    calendar as it is asked, which threads serving orders should not do at the same time."""
    calendar = holidays.country_holidays("VN", years=year)
    days = (datetime.date(year, 1, 1) + datetime.timedelta(days=n) for n in range(366))
    return frozenset(day for day in days if day.year == year and calendar.is_working_day(day))
