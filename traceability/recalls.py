"""Recalling or warning about a lot: the banner on its pages, and the signal that reaches buyers."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.admin_fields import StorableDateTimeField

from .models import Lot, NoticeLevel
from .signals import lot_recalled

NOTICE_FIELDS = {"notice_level", "notice", "notice_action", "notice_from", "notice_until"}


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

    def clean(self):
        # The notice's own text is the lot's rule (Lot.clean, said once); what to do is this form's.
        data = super().clean()
        level = data.get("notice_level")
        if level and not (data.get("notice_action") or "").strip():
            self.add_error("notice_action", _("Hãy nói người mua nên làm gì."))
        return data


def publish(lot: Lot) -> None:
    """After the lot's notice is saved: tell listeners (once the transaction commits) if it is in force;
    one that starts later is told by `announce_notices_in_force` when its time comes."""
    if lot.notice_level in (NoticeLevel.RECALL, NoticeLevel.WARNING):
        if lot.notice_from is None:
            Lot.objects.filter(pk=lot.pk, notice_from__isnull=True).update(notice_from=timezone.now())
        transaction.on_commit(lambda: _announce(Lot.objects.get(pk=lot.pk)))


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
