"""The shop's working days: Monday to Friday, Vietnam time. Public holidays are not known here.

Bank transfers are checked by hand on working days, so a transfer order must not be cancelled as
unpaid before staff have had one to see the money (storefront.payments.vietqr).
"""

import datetime

from catalogue.vietnam_time import VIETNAM

SATURDAY = 5
# A working day ends at its last minute: the deadline buyers are shown reads "23:59 07/12/2026".
END_OF_DAY = datetime.time(23, 59)


def end_of_next_working_day(moment: datetime.datetime) -> datetime.datetime:
    """23:59 Vietnam time on the first working day after `moment`'s day (in Việt Nam): Friday
    evening's, Saturday's or Sunday's moment → Monday 23:59; Monday's → Tuesday 23:59."""
    day = moment.astimezone(VIETNAM).date() + datetime.timedelta(days=1)
    while day.weekday() >= SATURDAY:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, END_OF_DAY, tzinfo=VIETNAM)
