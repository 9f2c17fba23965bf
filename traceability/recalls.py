"""Recalling or warning about a lot: the banner on its pages, and the signal that reaches buyers."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from catalogue.admin_fields import YEARS_AHEAD, StorableDateTimeField, furthest_ahead, too_far_ahead

from . import page_cache
from .models import Lot, NoticeLevel
from .signals import lot_notice_ended, lot_recalled

NOTICE_FIELDS = {"notice_level", "notice", "notice_action", "notice_from", "notice_until"}
NOTICE_DETAILS = NOTICE_FIELDS - {"notice_level"}  # what a notice says and when


class NoticeForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["notice_level", "notice", "notice_action", "notice_from", "notice_until"]  # NOTICE_FIELDS
        field_classes = {"notice_from": StorableDateTimeField}  # a field error for year 1, not a 400
        # The browser's own pickers read and send only ISO dates: the Vietnamese "05/12/2026 08:30" would
        # show as an empty field, and a re-save would wipe the dates.
        widgets = {
            "notice_from": forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"}),
            "notice_until": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The picker shows and sends the start to the minute: a start sent back as shown is unchanged.
        if self.instance.notice_from:
            self.initial["notice_from"] = self.instance.notice_from.replace(second=0, microsecond=0)

    def clean_notice_until(self):
        # "Until 31/12/9999" is a mistyped year or "for ever", which is what leaving it empty says.
        last_day = self.cleaned_data["notice_until"]
        # A past end typed is refused whatever the level; one kept from a notice being lifted is not.
        checked = self.cleaned_data.get("notice_level") or "notice_until" in self.changed_data
        if last_day and last_day < timezone.localdate() and checked:
            # Shown until the end of its last day: one already gone would save a notice nobody sees.
            raise forms.ValidationError(
                _(
                    "Ngày kết thúc đã qua (hôm nay là %(today)s): người mua sẽ không thấy thông báo này. "
                    "Hãy chọn từ hôm nay trở đi, hoặc để trống nếu chưa rõ."
                ),
                code="ended",
                params={"today": timezone.localdate().strftime("%d/%m/%Y")},
            )
        if last_day and too_far_ahead(last_day):
            raise forms.ValidationError(
                _(
                    "Ngày kết thúc không thể quá %(years)s năm sau hôm nay (muộn nhất %(latest)s); hãy "
                    "kiểm tra lại năm, hoặc để trống nếu chưa rõ."
                ),
                code="too_far_ahead",
                params={"years": YEARS_AHEAD, "latest": furthest_ahead().strftime("%d/%m/%Y")},
            )
        return last_day

    def clean(self):
        # The notice's own text and dates are the lot's rules (Lot.clean, said once); what to do is
        # this form's.
        data = super().clean()
        level = data.get("notice_level")
        if not level and self._details_typed():
            # Saved with no level, they would be in force nowhere, the producer believing them published.
            self.add_error(
                "notice_level",
                _("Hãy chọn “Thu hồi” hoặc “Cảnh báo”: với “Không có”, người mua không thấy thông báo nào."),
            )
        if level and not (data.get("notice_action") or "").strip():
            self.add_error("notice_action", _("Hãy nói người mua nên làm gì."))
        if level and "notice_from" in data and data["notice_from"] is None:
            # No start typed: it starts now (as `publish` records it), so Lot.clean measures the end
            # against today instead of saving a notice that ended before it began and never shows.
            data["notice_from"] = timezone.now()
        return data

    def _details_typed(self) -> bool:
        """Whether a reason, an action or a date was typed here (not one kept from a notice being lifted)."""
        return any(str(self[name].data or "").strip() for name in NOTICE_DETAILS if name in self.changed_data)


def standing_level(lot: Lot) -> str:
    """The level of the notice the lot carries, in force or dated to start later; "" when it has none
    or its last day has passed."""
    ends_at = lot.notice_ends_at
    if not lot.notice_level or (ends_at and ends_at <= timezone.now()):
        return ""
    return lot.notice_level


def publish(lot: Lot, previous_level: str | None = None) -> None:
    """After the lot's notice is saved: tell listeners (once the transaction commits) if it is in force;
    one that starts later is told by `announce_notices_in_force` when its time comes.

    `previous_level` is `standing_level` of the lot before the edit. A notice saved in place of
    another (lifted, a warning become a recall, a new one after the last ended) is news to buyers
    already told of the old one: listeners first hear that the old notice ended."""
    if previous_level is not None and previous_level != lot.notice_level:
        transaction.on_commit(lambda: lot_notice_ended.send(sender=Lot, lot=lot))
    if lot.notice_level in (NoticeLevel.RECALL, NoticeLevel.WARNING):
        if lot.notice_from is None:
            Lot.objects.filter(pk=lot.pk, notice_from__isnull=True).update(notice_from=timezone.now())
        transaction.on_commit(lambda: _announce(Lot.objects.get(pk=lot.pk)))


# Apps that tell people of a lot's notice (storefront emails the buyers) say whom, for the message
# shown after saving it: a hook function takes the saved lot and the user who saved it (who may or
# may not read the people's details) and returns a `Reach` or None.
REACH_HOOK = "describe_lot_notice_reach"


@dataclass(frozen=True)
class Reach:
    sentence: str  # "Đã báo qua email người mua của 2 đơn hàng…"; safe HTML (tel: links) or plain text
    url: str = ""  # where to see who was told
    link_label: str = ""


def reach_of(lot: Lot, user) -> list[Reach]:
    """What every listener says it does with the lot's notice just saved by `user`."""
    return [reach for describe in hooks.get_hooks(REACH_HOOK) if (reach := describe(lot, user)) is not None]


def _announce(lot: Lot) -> None:
    if lot.notice_active:  # never for a notice not started yet, or one whose last day has passed
        lot_recalled.send(sender=Lot, lot=lot)


def announce_notices_in_force() -> int:
    """The scheduled sweep: tell listeners of every notice in force now, so that one dated to start
    later reaches buyers when it starts (listeners tell each buyer once however often they hear)."""
    lots = [lot for lot in Lot.objects.exclude(notice_level="") if lot.notice_active]
    for lot in lots:
        lot_recalled.send(sender=Lot, lot=lot)
    return len(lots)


def purge_pages_of_notices_changed() -> int:
    """The scheduled sweep's other half: a notice dated to start (or end) later changes what its lot's
    and product's pages show when its time comes, which no save purges; purge the pages of those
    whose start or end passed since the last sweep. Returns how many lots."""
    window = page_cache.notice_sweep_window()
    if window is None:
        return 0
    lots = notices_changed_between(*window)
    page_cache.purge_notices_changed(lots, swept_at=window[1])
    return len(lots)


def notices_changed_between(since: datetime.datetime, until: datetime.datetime) -> list[Lot]:
    """Lots whose recall or warning started or ended after `since`, up to `until`."""
    last_days = (timezone.localdate(since) - datetime.timedelta(days=1), timezone.localdate(until))
    candidates = (
        Lot.objects.exclude(notice_level="")
        .filter(Q(notice_from__gt=since, notice_from__lte=until) | Q(notice_until__range=last_days))
        .select_related("pack_size")
    )
    return [
        lot
        for lot in candidates
        if any(moment and since < moment <= until for moment in (lot.notice_from, lot.notice_ends_at))
    ]
