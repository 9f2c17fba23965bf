"""The shop's clock: Việt Nam's time zone (UTC+7, no daylight saving), whatever TIME_ZONE the server is
given, since deadlines and the times shown to buyers are the shop's.

One plain function formats a moment for a buyer (pages and emails); the `vietnam_time` template filter
is a thin wrapper around it.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TIME_THEN_DATE = "H:i d/m/Y"


def format_vietnam_time(moment: datetime.datetime | None, pattern: str = TIME_THEN_DATE) -> str:
    """`moment` on the shop's clock in Django's date `pattern`: "20:55 01/12/2026". In another language
    than the site's own the zone follows, "20:55 01/12/2026 (Vietnam time, UTC+7)": that reader may be
    abroad, where the clock differs by hours; a reader in Vietnamese is told the time alone."""
    if moment is None:
        return ""
    shown = dateformat.format(timezone.localtime(moment, VIETNAM), pattern)
    if (get_language() or settings.LANGUAGE_CODE).split("-")[0] == settings.LANGUAGE_CODE:
        return shown
    return _("%(time)s (giờ Việt Nam, UTC+7)") % {"time": shown}
