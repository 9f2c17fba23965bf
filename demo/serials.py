"""Demo serialised packages and a demo recall, for `manage.py load_demo_lots` (idempotent).

One demo lot gets a printed sheet of serialised labels: a dozen serials already checked once (some
with the province the first scanner shared), one checked many times as a copied label would be, and
one voided sheet. Another demo lot is recalled after a demo order was shipped from it (demo/recall.py),
so its buyer receives the notice.
Everything is invented and belongs to `is_demo` lots.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from traceability import recalls, serials
from traceability.models import EventKind, LabelSheet, Lot, NoticeLevel, Serial

from .recall import ship_a_demo_order_from

LABELS = 60
CHECKED_ONCE = 12
COPIED_CHECKS = 23
LABELS_PRINTED_BEFORE_PACKING = datetime.timedelta(hours=5)
PLACES = ("Thành phố Hồ Chí Minh", "Thành phố Hà Nội", "Tỉnh Vĩnh Long", "", "Thành phố Cần Thơ")


def _packed_at(lot: Lot) -> datetime.datetime:
    """When the lot's packages were packed: its packaging event, else the end of its production day."""
    packaging = lot.events.filter(kind=EventKind.PACKAGING).order_by("occurred_at").first()
    if packaging is not None:
        return packaging.occurred_at
    return timezone.make_aware(datetime.datetime.combine(lot.production_date, datetime.time(18)))


def demo_lots():
    """The two demo lots used: the newest lot of the first and of the second demo product."""
    lots = (
        Lot.objects.filter(is_demo=True)
        .select_related("pack_size__product")
        .order_by("pack_size__product__path", "-production_date", "pk")
    )
    chosen, products = [], set()
    for lot in lots.iterator():
        if lot.pack_size.product_id not in products and lot.notice_level == "":
            chosen.append(lot)
            products.add(lot.pack_size.product_id)
        if len(chosen) == 2:
            break
    return chosen


@transaction.atomic
def create(now: datetime.datetime | None = None) -> dict:
    """Issue and check demo serials and recall a demo lot, unless done before; says what it did."""
    now = now or timezone.now()
    if LabelSheet.objects.filter(lot__is_demo=True).exists():
        return {}
    lots = demo_lots()
    if len(lots) < 2:
        return {}
    serialised, recalled = lots
    packed_at = _packed_at(serialised)
    sheet = serials.issue(serialised, LABELS)
    # Printed for the lot on its production day, before the packing stuck them on its packages.
    LabelSheet.objects.filter(pk=sheet.pk).update(created_at=packed_at - LABELS_PRINTED_BEFORE_PACKING)
    codes = list(sheet.serials.order_by("pk"))
    # Bought and checked between the packing and now: never a package checked before it was made.
    on_sale = now - packed_at
    for index, serial in enumerate(codes[:CHECKED_ONCE]):
        first = packed_at + on_sale * (index + 1) / (CHECKED_ONCE + 2)
        Serial.objects.filter(pk=serial.pk).update(
            check_count=1,
            first_checked_at=first,
            last_checked_at=first,
            first_place=PLACES[index % len(PLACES)],
        )
    copied = codes[CHECKED_ONCE]
    Serial.objects.filter(pk=copied.pk).update(
        check_count=COPIED_CHECKS,
        first_checked_at=packed_at + on_sale * 0.7,
        last_checked_at=packed_at + on_sale * 0.99,
        first_place="Thành phố Hồ Chí Minh",
    )
    lost = serials.issue(serialised, 10)
    serials.void(lost, "Cuộn tem thất lạc khi vận chuyển (minh hoạ)")
    recalled.notice_level = NoticeLevel.RECALL
    recalled.notice = "Một số gói bị hở mép hàn, có thể nhiễm ẩm (thông báo minh hoạ)."
    recalled.notice_action = (
        "Ngừng sử dụng; mang gói hàng tới nơi mua hoặc gọi nhà sản xuất để được đổi hoặc hoàn tiền."
    )
    recalled.notice_from = now - datetime.timedelta(days=2)
    recalled.save(update_fields=["notice_level", "notice", "notice_action", "notice_from"])
    # A demo order shipped from the lot first, so that the recall reaches its buyer.
    ship_a_demo_order_from(recalled)
    recalls.publish(recalled)
    return {"sheet": sheet, "first": codes[0], "copied": copied, "recalled": recalled}
