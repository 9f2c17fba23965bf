"""Serialised packages: issue unpredictable serials for a lot in bulk, and void a lost sheet.

A serial is 11 characters drawn with `secrets` from letters and digits (a subset of GS1's AI (21)
"character set 82" that needs no percent-encoding in a URL), without the look-alikes 0/O, 1/l/I:
57^11 ≈ 2^64 values, so a counterfeiter cannot guess a genuine code from the ones they have seen.
The check code printed beside the QR is 4 characters from an alphabet people read aloud without
confusion; it is random too, and stored (it proves nothing alone: it helps a buyer compare the
printed label with what the page says).
"""

import re
import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.money import group_thousands

from . import page_cache
from .models import LabelSheet, Lot, Serial

SERIAL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
SERIAL_LENGTH = 11
CHECK_ALPHABET = "23456789ACDEFHJKMNPRTUVWXY"
CHECK_LENGTH = 4
# What the resolver accepts as an AI (21) value: GS1's set 82 without "/" (it would split the path).
SERIAL_RE = re.compile(r"^[!\"%-.0-9:-?A-Z_a-z]{1,20}$")
MAX_PER_ISSUE = 100_000
BATCH = 2_000


class IssueError(ValueError):
    """A request to issue serials that cannot be met; the message is for the producer."""


def new_serial() -> str:
    return "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(SERIAL_LENGTH))


def new_check_code() -> str:
    return "".join(secrets.choice(CHECK_ALPHABET) for _ in range(CHECK_LENGTH))


def issue(
    lot: Lot,
    count: int,
    *,
    user=None,
    progress: Callable[[int], None] | None = None,
    using: str = "default",
) -> LabelSheet:
    """Issue `count` new serials for `lot` as one label sheet, in batches; `progress(n)` after each."""
    if reason := count_refusal(count):
        raise IssueError(reason)
    with transaction.atomic(using=using):
        # The lot's row is locked (SQLite: the transaction holds the write lock from its start), so
        # two issues at the same moment are counted one after the other and never exceed the lot.
        lot = Lot.objects.using(using).select_for_update().get(pk=lot.pk)
        if reason := refusal(lot, count):
            raise IssueError(reason)
        number = (lot.label_sheets.aggregate(n=Max("number"))["n"] or 0) + 1
        sheet = LabelSheet.objects.using(using).create(lot=lot, number=number, created_by=user)
        remaining = count
        while remaining:
            size = min(BATCH, remaining)
            batch = {new_serial() for _ in range(size)}
            # A collision with an earlier serial is astronomically unlikely; the unique constraint
            # would catch it and the batch is drawn again rather than silently shrinking.
            try:
                with transaction.atomic(using=using):
                    Serial.objects.using(using).bulk_create(
                        [Serial(lot=lot, sheet=sheet, serial=s, check_code=new_check_code()) for s in batch]
                    )
            except IntegrityError:
                continue
            remaining -= len(batch)
            if progress:
                progress(len(batch))
    return sheet


def serials_in_use(lot: Lot) -> int:
    """The lot's serials on sheets that are not voided: the packages labelled (or about to be)."""
    return Serial.objects.using(lot._state.db).filter(lot=lot).in_use().count()


def left_to_issue(lot: Lot, in_use: int | None = None) -> int:
    """How many more serials the lot's packages can take: one a package, voided sheets not counted
    (a lost roll's replacement is issued again)."""
    in_use = serials_in_use(lot) if in_use is None else in_use
    return max(lot.quantity - in_use, 0)


def count_refusal(count: int) -> str | None:
    """Why no lot can take `count` serials in one issue, for the producer; None when it can."""
    if not 1 <= count <= MAX_PER_ISSUE:
        return _("Số tem mỗi lần phát hành từ 1 đến %s.") % group_thousands(MAX_PER_ISSUE)
    return None


def refusal(lot: Lot, count: int, in_use: int | None = None) -> str | None:
    """Why `count` more serials cannot be issued for `lot`, for the producer; None when they can."""
    in_use = serials_in_use(lot) if in_use is None else in_use
    left = left_to_issue(lot, in_use)
    figures = {
        "lot": lot.code,
        "count": group_thousands(count),
        "quantity": group_thousands(lot.quantity),
        "in_use": group_thousands(in_use),
        "left": group_thousands(left),
    }
    if not lot.quantity:
        return (
            _(
                "Lô %(lot)s chưa ghi số gói (số lượng sản xuất là 0) nên chưa biết cần bao nhiêu mã. "
                "Hãy sửa số lượng sản xuất của lô rồi phát hành."
            )
            % figures
        )
    if not left:
        return (
            _(
                "Lô %(lot)s đã có mã cho cả %(quantity)s gói. Nếu một cuộn tem bị mất hoặc in hỏng, "
                "hãy huỷ đợt tem đó rồi phát hành lại."
            )
            % figures
        )
    if count > left:
        return (
            _(
                "Không thể phát hành %(count)s mã: lô %(lot)s có %(quantity)s gói và đã có %(in_use)s mã "
                "đang dùng, chỉ còn phát hành được %(left)s mã."
            )
            % figures
        )
    return None


def void(sheet: LabelSheet, reason: str = "") -> bool:
    """Void a lost sheet: its serials then warn as not genuine. Returns False if already voided."""
    voided = bool(
        LabelSheet.objects.filter(pk=sheet.pk, voided_at__isnull=True).update(
            voided_at=timezone.now(), void_reason=reason[:200]
        )
    )
    if voided:
        page_cache.purge_lot(sheet.lot)  # its serials' pages must warn at once
    return voided
