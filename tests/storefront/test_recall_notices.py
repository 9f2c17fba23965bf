"""A recall reaches exactly the buyers whose order lines shipped from the lot, once each."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from catalogue.permissions import grant_producer_access
from storefront.models import Order, OrderState, PartState, RecallNotice, ShippedLot
from tests.admin_forms import form_data
from tests.storefront.shipping import hand_over
from traceability import serials
from traceability.factories import LotFactory
from traceability.recalls import announce_notices_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def buy(place, pack):
    """An order by `email`, its goods handed to the carrier unless told (`handed_over=False`): a buyer
    hears of a lot's notice only once its goods left the shop."""

    def _buy(email, quantity=2, *, handed_over=True):
        order = place({pack: quantity})
        Order.objects.filter(pk=order.pk).update(email=email)
        if handed_over:
            hand_over(order)
        return Order.objects.get(pk=order.pk)

    return _buy


def recall(client, lot, captured, **changes):
    data = {
        "notice_level": "recall",
        "notice": "Phát hiện dị vật trong một số gói",
        "notice_action": "Ngừng sử dụng, mang tới nơi mua để được hoàn tiền",
        "notice_from": "",
        "notice_until": "",
        **changes,
    }
    with captured(execute=True):
        return client.post(f"/admin/traceability/lots/{lot.pk}/notice/", data)


def test_a_recall_emails_exactly_the_buyers_of_that_lot_once(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    recalled, other = LotFactory(pack_size=pack, code="L-BAD"), LotFactory(pack_size=pack, code="L-OK")
    sheet = serials.issue(recalled, 3)
    by_lot, by_serial, from_other, unrecorded = (
        buy("lan@example.vn"),
        buy("minh@example.vn", quantity=1),
        buy("tuan@example.vn"),
        buy("hai@example.vn"),
    )
    # The producer records what shipped: a lot chosen for one order, a scanned package for another.
    line = by_lot.lines.get()
    response = producer_client.post(f"/admin/orders/{by_lot.pk}/ship-lots/", {f"lot_{line.pk}": recalled.pk})
    assert response.status_code == 302
    scanned = sheet.serials.first()
    line = by_serial.lines.get()
    uri = f"{settings.SITE_URL}/01/{pack.gtin}/10/L-BAD/21/{scanned.serial}"  # as its label carries it
    producer_client.post(f"/admin/orders/{by_serial.pk}/ship-lots/", {f"serials_{line.pk}": uri})
    line = from_other.lines.get()
    producer_client.post(f"/admin/orders/{from_other.pk}/ship-lots/", {f"lot_{line.pk}": other.pk})
    assert ShippedLot.objects.filter(lot=recalled).count() == 2
    assert ShippedLot.objects.get(serial=scanned).line.order == by_serial

    assert recall(producer_client, recalled, django_capture_on_commit_callbacks).status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["lan@example.vn", "minh@example.vn"]
    assert "L-BAD" in mail.outbox[0].body and "Ngừng sử dụng" in mail.outbox[0].body
    told = RecallNotice.objects.order_by("order__pk")
    assert [(n.order, n.lot) for n in told] == [(by_lot, recalled), (by_serial, recalled)]
    assert all(n.emailed_at for n in told)

    # Editing the recall again tells nobody twice.
    recall(
        producer_client, recalled, django_capture_on_commit_callbacks, notice_action="Liên hệ 0912 345 678"
    )
    assert len(mail.outbox) == 2 and RecallNotice.objects.count() == 2

    page = BeautifulSoup(producer_client.get(by_lot.get_absolute_url()).content.decode(), "html.parser")
    notice = page.select_one(".trace-notice-recall")
    assert "lô L-BAD" in notice.strong.text and "Liên hệ 0912 345 678" in notice.text
    quiet = BeautifulSoup(producer_client.get(unrecorded.get_absolute_url()).content.decode(), "html.parser")
    assert quiet.select_one(".trace-notice-recall") is None


def test_a_buyer_who_ordered_in_english_is_linked_to_the_english_order_page(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    recalled = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    Order.objects.filter(pk=order.pk).update(language="en")
    line = order.lines.get()
    producer_client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{line.pk}": recalled.pk})
    recall(producer_client, recalled, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert f"http://127.0.0.1:8000{order.get_absolute_url()}?lang=en" in message.body


def test_a_recall_dated_to_start_later_reaches_its_buyers_when_it_starts_and_an_ended_one_never(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    later, ended = LotFactory(pack_size=pack, code="L-LATER"), LotFactory(pack_size=pack, code="L-ENDED")
    for lot, email in ((later, "lan@example.vn"), (ended, "minh@example.vn")):
        order = buy(email)
        producer_client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{order.lines.get().pk}": lot.pk})
    starts = timezone.localtime() + datetime.timedelta(days=2)
    recall(
        producer_client,
        later,
        django_capture_on_commit_callbacks,
        notice_from=starts.strftime("%Y-%m-%dT%H:%M"),
    )
    recall(
        producer_client,
        ended,
        django_capture_on_commit_callbacks,
        notice_from="2025-01-01T08:00",
        notice_until="2025-02-01",
    )
    assert mail.outbox == [] and RecallNotice.objects.count() == 0  # nobody told of what is not in force

    assert announce_notices_in_force() == 0  # the worker's sweep, before the start
    with freeze_time(starts + datetime.timedelta(minutes=1)):
        assert announce_notices_in_force() == 1
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    announce_notices_in_force()  # the next sweep tells nobody twice
    assert len(mail.outbox) == 1


def test_a_recall_needs_a_reason_and_what_to_do(producer_client, pack, django_capture_on_commit_callbacks):
    lot = LotFactory(pack_size=pack, code="L-X")
    response = recall(producer_client, lot, django_capture_on_commit_callbacks, notice="", notice_action="")
    assert response.status_code == 200
    page = response.content.decode()
    # Once, not twice in two wordings.
    assert page.count("Hãy ghi nội dung cảnh báo hoặc thu hồi cho người mua.") == 1
    assert "Hãy nói người mua nên làm gì." in page
    lot.refresh_from_db()
    assert lot.notice_level == ""


def test_staff_see_who_was_told_and_when(client, buy, pack, django_capture_on_commit_callbacks):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{order.lines.get().pk}": lot.pk})
    recall(client, lot, django_capture_on_commit_callbacks)
    listing = client.get("/admin/recall_notices/")
    assert listing.status_code == 200
    assert order.code in listing.content.decode() and "lan@example.vn" in listing.content.decode()


def test_the_list_of_who_was_told_names_the_kind_of_notice_and_is_read_only(
    client, buy, pack, django_capture_on_commit_callbacks
):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{order.lines.get().pk}": lot.pk})
    recall(client, lot, django_capture_on_commit_callbacks)
    notice = RecallNotice.objects.get()

    listing = BeautifulSoup(client.get("/admin/recall_notices/").content.decode(), "html.parser")
    row = listing.select_one("tbody tr")
    assert "Thu hồi" in [td.text.strip() for td in row.select("td")]
    assert "recall" not in row.text
    links = {a["href"] for a in listing.select("a[href]")}
    for view in ("copy", "edit", "delete"):
        assert f"/admin/recall_notices/{view}/{notice.pk}/" not in links
    assert "/admin/recall_notices/new/" not in links
    inspect = client.get(f"/admin/recall_notices/inspect/{notice.pk}/")
    assert inspect.status_code == 200 and "Thu hồi" in inspect.content.decode()

    before = RecallNotice.objects.values().get()
    client.post(f"/admin/recall_notices/edit/{notice.pk}/", {"email": "ke-gian@example.com"})
    client.post(f"/admin/recall_notices/delete/{notice.pk}/")
    assert client.get(f"/admin/recall_notices/copy/{notice.pk}/").status_code == 404
    assert RecallNotice.objects.values().get() == before


def test_the_list_of_who_was_told_capitalises_every_column_heading(
    client, buy, pack, django_capture_on_commit_callbacks
):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{order.lines.get().pk}": lot.pk})
    recall(client, lot, django_capture_on_commit_callbacks)

    listing = BeautifulSoup(client.get("/admin/recall_notices/").content.decode(), "html.parser")
    headings = [th.get_text(" ", strip=True) for th in listing.select("table.listing thead th")]

    assert {"Loại", "Đã gửi email lúc", "Hết hiệu lực lúc"} <= set(headings)
    assert all(heading[:1] == heading[:1].upper() for heading in headings if heading)


def test_another_producer_cannot_record_lots_on_an_order(client, buy, pack, producer_index):
    from catalogue.factories import ProducerPageFactory

    other = ProducerPageFactory(parent=producer_index, title="HTX khác", slug="htx-khac")
    user = get_user_model().objects.create_user("khac", "khac@example.com", "pw")
    grant_producer_access(user, other)
    client.force_login(user)
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    response = client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{order.lines.get().pk}": lot.pk})
    assert response.status_code in (403, 404)
    assert not ShippedLot.objects.exists()


def ship(client, order, data, **kwargs):
    return client.post(f"/admin/orders/{order.pk}/ship-lots/", data, **kwargs)


def recorded(order):
    return sorted(
        (shipped.lot.code, shipped.serial.serial if shipped.serial else None)
        for shipped in ShippedLot.objects.filter(line__order=order).select_related("lot", "serial")
    )


def test_a_package_from_a_voided_label_issue_is_refused_with_the_reason(producer_client, buy, pack):
    lot = LotFactory(pack_size=pack, code="L-1")
    lost = serials.issue(lot, 2)
    serials.void(lost, "Cuộn tem thất lạc")
    order = buy("lan@example.vn", quantity=1)
    code = lost.serials.first().serial
    response = ship(producer_client, order, {f"serials_{order.lines.get().pk}": code})
    assert response.status_code == 200
    assert f"Mã {code} thuộc đợt tem đã huỷ" in response.content.decode()
    assert recorded(order) == []


def test_no_more_packages_are_recorded_than_the_line_holds(producer_client, buy, pack):
    lot = LotFactory(pack_size=pack, code="L-1")
    codes = [serial.serial for serial in serials.issue(lot, 4).serials.all()]
    order = buy("lan@example.vn", quantity=1)
    line = order.lines.get()
    response = ship(producer_client, order, {f"serials_{line.pk}": "\n".join(codes)})
    assert (
        "có 1 gói và đã ghi 0 gói (theo lô hoặc theo mã): không ghi thêm 4 gói được"
        in response.content.decode()
    )
    assert recorded(order) == []
    assert ship(producer_client, order, {f"serials_{line.pk}": codes[0]}).status_code == 302
    assert ship(producer_client, order, {f"serials_{line.pk}": codes[1]}).status_code == 200
    assert ship(producer_client, order, {f"lot_{line.pk}": lot.pk}).status_code == 200  # a lot counts too
    assert recorded(order) == [("L-1", codes[0])]


def test_lot_records_and_scanned_packages_together_hold_no_more_than_the_line(producer_client, buy, pack):
    first, second = LotFactory(pack_size=pack, code="L-A"), LotFactory(pack_size=pack, code="L-B")
    code = serials.issue(first, 1).serials.get().serial
    order = buy("lan@example.vn", quantity=2)
    line = order.lines.get()
    assert ship(producer_client, order, {f"serials_{line.pk}": code}).status_code == 302
    assert ship(producer_client, order, {f"lot_{line.pk}": second.pk}).status_code == 302  # the other one
    assert line.shipped_lots.get(serial=None).quantity == 1
    response = ship(producer_client, order, {f"lot_{line.pk}": first.pk})  # a third package: no
    assert "có 2 gói và đã ghi 2 gói" in response.content.decode()
    assert sorted(recorded(order)) == [("L-A", code), ("L-B", None)]


def test_scanned_packages_and_a_lot_for_the_rest_are_one_submission(producer_client, buy, pack):
    scanned_lot, other = LotFactory(pack_size=pack, code="L-A"), LotFactory(pack_size=pack, code="L-B")
    codes = [serial.serial for serial in serials.issue(scanned_lot, 2).serials.all()]
    order = buy("lan@example.vn", quantity=3)
    line = order.lines.get()
    response = ship(producer_client, order, {f"serials_{line.pk}": codes[0], f"lot_{line.pk}": other.pk})
    assert response.status_code == 302
    assert sorted(recorded(order)) == [("L-A", codes[0]), ("L-B", None)]
    assert line.shipped_lots.get(serial=None).quantity == 2  # the rest

    # The scanned codes fill a line of one: the lot chosen beside them has no package left, and says so.
    single = buy("minh@example.vn", quantity=1)
    line = single.lines.get()
    refused = ship(producer_client, single, {f"serials_{line.pk}": codes[1], f"lot_{line.pk}": other.pk})
    assert (
        "có 1 gói: các gói đã ghi và các mã vừa quét đã đủ, không còn gói nào để ghi theo lô L-B"
        in refused.content.decode()
    )
    assert recorded(single) == []  # the form saves all or nothing


def test_a_package_already_shipped_in_another_order_is_refused(producer_client, buy, pack):
    lot = LotFactory(pack_size=pack, code="L-1")
    code = serials.issue(lot, 1).serials.get().serial
    first, second = buy("lan@example.vn", quantity=1), buy("minh@example.vn", quantity=1)
    ship(producer_client, first, {f"serials_{first.lines.get().pk}": code})
    response = ship(producer_client, second, {f"serials_{second.lines.get().pk}": code})
    assert f"Mã {code} đã được ghi cho đơn {first.code}." in response.content.decode()
    assert recorded(second) == []


def test_one_refused_line_saves_nothing_of_the_form(producer_client, place, pack, second_pack):
    order = place({pack: 1, second_pack: 1})
    first, second = order.lines.order_by("pk")
    good = LotFactory(pack_size=pack, code="L-1")
    LotFactory(pack_size=second_pack, code="L-2")
    response = ship(producer_client, order, {f"lot_{first.pk}": good.pk, f"serials_{second.pk}": "KHONGCO"})
    assert "Mã KHONGCO không thuộc sản phẩm của dòng này." in response.content.decode()
    assert recorded(order) == []
    # What was chosen and scanned is on the form again, to fix the one refused code.
    form = BeautifulSoup(response.content, "html.parser")
    assert form.select_one(f"select[name=lot_{first.pk}] option[selected]")["value"] == str(good.pk)
    assert form.select_one(f"textarea[name=serials_{second.pk}]").text == "KHONGCO"


def test_a_huge_pasted_code_is_not_sent_back_whole(producer_client, place, pack):
    order = place({pack: 1})
    LotFactory(pack_size=pack, code="L-1")
    pasted = "X" * 100_000
    response = ship(producer_client, order, {f"serials_{order.lines.get().pk}": pasted})
    page = response.content.decode()
    assert f"Mã {'X' * 59}… không thuộc sản phẩm của dòng này." in page
    assert pasted not in page  # neither in the message nor in the field shown again


def test_a_wrong_lot_is_cleared_and_the_right_one_recorded_until_the_order_is_delivered(
    producer_client, buy, pack
):
    wrong, right = LotFactory(pack_size=pack, code="L-SAI"), LotFactory(pack_size=pack, code="L-DUNG")
    order = buy("lan@example.vn")
    line = order.lines.get()
    ship(producer_client, order, {f"lot_{line.pk}": wrong.pk})
    mistake = ShippedLot.objects.get(lot=wrong)
    page = BeautifulSoup(ship_page(producer_client, order), "html.parser")
    assert page.find("input", {"name": "clear", "value": str(mistake.pk)}) is not None

    assert ship(producer_client, order, {"clear": mistake.pk, f"lot_{line.pk}": right.pk}).status_code == 302
    assert recorded(order) == [("L-DUNG", None)]

    Order.objects.filter(pk=order.pk).update(state="delivered")
    kept = ShippedLot.objects.get(lot=right)
    assert (
        BeautifulSoup(ship_page(producer_client, order), "html.parser").find("input", {"name": "clear"})
        is None
    )
    response = ship(producer_client, order, {"clear": kept.pk})
    assert "Không xoá được lô L-DUNG" in response.content.decode()
    assert recorded(order) == [("L-DUNG", None)]


def test_a_record_whose_buyer_was_told_of_the_recall_stays(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk})
    recall(producer_client, lot, django_capture_on_commit_callbacks)
    told = ShippedLot.objects.get(lot=lot)
    page = ship_page(producer_client, order)
    assert 'name="clear"' not in page and "đã báo thu hồi tới người mua" in page
    response = ship(producer_client, order, {"clear": told.pk})
    assert "người mua đã được báo thu hồi lô này" in response.content.decode()
    assert recorded(order) == [("L-BAD", None)] and RecallNotice.objects.filter(order=order).count() == 1


def test_a_record_of_another_order_cannot_be_cleared_through_this_one(producer_client, buy, pack):
    lot = LotFactory(pack_size=pack, code="L-1")
    mine, other = buy("lan@example.vn"), buy("minh@example.vn")
    ship(producer_client, other, {f"lot_{other.lines.get().pk}": lot.pk})
    response = ship(producer_client, mine, {"clear": ShippedLot.objects.get().pk})
    assert response.status_code == 200
    assert recorded(other) == [("L-1", None)]


def ship_page(client, order) -> str:
    return client.get(f"/admin/orders/{order.pk}/ship-lots/").content.decode()


def test_the_ship_lots_page_promises_a_recall_email_only_to_a_buyer_with_an_email(producer_client, buy, pack):
    emailed = BeautifulSoup(ship_page(producer_client, buy("lan@example.vn")), "html.parser")
    assert "người mua nhận email" in emailed.select_one(".help-block").get_text()
    without = BeautifulSoup(ship_page(producer_client, buy("")), "html.parser")
    said = without.select_one(".help-block").get_text()
    assert "email" in said and "người mua nhận email" not in said
    assert "Đơn này không có email: nếu lô bị thu hồi sau này, hãy gọi điện báo người mua" in said


def test_a_lot_shipped_to_buyers_keeps_its_code_in_the_lot_editor(producer_client, buy, pack):
    lot = LotFactory(pack_size=pack, code="L-SHIPPED")
    order = buy("lan@example.vn")
    line = order.lines.get()
    producer_client.post(f"/admin/orders/{order.pk}/ship-lots/", {f"lot_{line.pk}": lot.pk})
    assert ShippedLot.objects.filter(lot=lot).exists()

    url = f"/admin/lots/edit/{lot.pk}/"
    response = producer_client.post(url, {**form_data(producer_client.get(url).content), "code": "L-RENAMED"})
    assert response.status_code == 200
    assert "không thể đổi số lô" in response.content.decode()
    lot.refresh_from_db()
    assert lot.code == "L-SHIPPED"


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_a_warning_that_becomes_a_recall_and_a_notice_set_again_after_a_lift_reach_the_buyer_each_once(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk})
    warned = f"Cảnh báo về sản phẩm trong đơn {order.code}"
    recalled = f"Thu hồi sản phẩm trong đơn {order.code}"

    for _saved in range(2):  # saved twice: one notice, one email
        recall(producer_client, lot, django_capture_on_commit_callbacks, notice_level="warning")
    assert subjects() == [warned]
    for _saved in range(2):  # the warning becomes a recall: the buyer hears of it, once
        recall(producer_client, lot, django_capture_on_commit_callbacks)
    assert subjects() == [warned, recalled]
    page = BeautifulSoup(producer_client.get(order.get_absolute_url()).content.decode(), "html.parser")
    assert len(page.select(".trace-notice")) == 1 and page.select_one(".trace-notice-recall")

    lifted = {"notice_level": "", "notice": "", "notice_action": ""}
    recall(producer_client, lot, django_capture_on_commit_callbacks, **lifted)
    recall(producer_client, lot, django_capture_on_commit_callbacks, notice_level="warning")
    assert subjects() == [warned, recalled, warned]  # a new notice after the lift is told too

    # Staff see each notice the buyer was sent, and which are no longer in force.
    told = RecallNotice.objects.order_by("created_at", "pk")
    assert [(notice.level, notice.ended_at is None) for notice in told] == [
        ("warning", False),
        ("recall", False),
        ("warning", True),
    ]


def test_the_worker_sweep_tells_a_buyer_of_an_escalation_saved_before_this_fix(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    """A buyer told of a warning whose lot is now recalled, as the old rule left them, hears of the
    recall at the next sweep once the migration has closed the warning's notice."""
    import importlib

    from django.apps import apps

    lot = LotFactory(pack_size=pack, code="L-BAD")
    order = buy("lan@example.vn")
    ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk})
    RecallNotice.objects.create(order=order, lot=lot, level="warning", email=order.email)
    lot.notice_level, lot.notice, lot.notice_action = "recall", "Dị vật", "Ngừng sử dụng"
    lot.save()
    migration = importlib.import_module("storefront.migrations.0009_recall_notice_per_notice")
    migration.end_notices_no_longer_in_force(apps, None)
    assert announce_notices_in_force() == 1
    assert subjects() == [f"Thu hồi sản phẩm trong đơn {order.code}"]


def test_programme_staff_read_every_recall_notice_and_a_producer_those_of_its_own_lots(
    client, producer_client, buy, pack, place, producer_index
):
    from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
    from catalogue.permissions import programme_staff_group

    other = ProducerPageFactory(parent=producer_index, title="HTX khác", slug="htx-khac")
    other_pack = PackSizeFactory(product=ProductPageFactory(parent=other, slug="banh-trang"), stock=5)
    own_order, other_order = buy("lan@example.vn"), place({other_pack: 1})
    own = RecallNotice.objects.create(
        order=own_order, lot=LotFactory(pack_size=pack, code="L-OWN"), level="recall", email="lan@example.vn"
    )
    theirs = RecallNotice.objects.create(
        order=other_order, lot=LotFactory(pack_size=other_pack, code="L-THEIRS"), level="warning"
    )

    mine = producer_client.get("/admin/recall_notices/")
    assert mine.status_code == 200
    assert own_order.code in mine.content.decode() and other_order.code not in mine.content.decode()
    assert producer_client.get(f"/admin/recall_notices/inspect/{own.pk}/").status_code == 200
    assert producer_client.get(f"/admin/recall_notices/inspect/{theirs.pk}/").status_code in (302, 403, 404)

    staff = get_user_model().objects.create_user("canbo-ocop", "canbo@example.com", "pw")
    staff.groups.add(programme_staff_group())
    client.force_login(staff)
    listing = client.get("/admin/recall_notices/").content.decode()
    assert own_order.code in listing and other_order.code in listing
    before = list(RecallNotice.objects.order_by("pk").values())
    for notice in (own, theirs):  # read-only for them too
        client.post(f"/admin/recall_notices/edit/{notice.pk}/", {"email": "ke-gian@example.com"})
        client.post(f"/admin/recall_notices/delete/{notice.pk}/")
    assert list(RecallNotice.objects.order_by("pk").values()) == before


@pytest.mark.django_db(transaction=True)  # buyers are told after commit, before the message is written
def test_saving_a_recall_says_how_many_buyers_are_told_and_links_to_the_list(producer_client, buy, pack):
    lot, other = LotFactory(pack_size=pack, code="L-BAD"), LotFactory(pack_size=pack, code="L-OK")
    for email in ("lan@example.vn", "minh@example.vn"):
        order = buy(email)
        ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk})
    order = buy("tuan@example.vn")
    ship(producer_client, order, {f"lot_{order.lines.get().pk}": other.pk})

    response = producer_client.post(
        f"/admin/traceability/lots/{lot.pk}/notice/",
        {
            "notice_level": "recall",
            "notice": "Phát hiện dị vật",
            "notice_action": "Ngừng sử dụng",
            "notice_from": "",
            "notice_until": "",
        },
        follow=True,
    )
    page = BeautifulSoup(response.content.decode(), "html.parser")
    message = page.select_one(".messages").text
    assert "Đã lưu thông báo của lô L-BAD." in message
    assert "Đã báo qua email người mua của 2 đơn hàng giao từ lô này." in message
    assert "không có email" not in message and "chưa gửi được" not in message
    link = page.select_one(f".messages a[href='/admin/recall_notices/?lot={lot.pk}']")
    assert link is not None
    listing = producer_client.get(link["href"]).content.decode()
    assert listing.count("@example.vn") == 2 and "tuan@example.vn" not in listing


def test_the_lot_menu_marks_lots_under_recall_or_warning_and_refuses_shipping_from_a_recalled_one(
    producer_client, buy, pack
):
    started = timezone.now() - datetime.timedelta(hours=1)
    notice = {"notice": "Dị vật", "notice_action": "Ngừng sử dụng", "notice_from": started}
    recalled = LotFactory(pack_size=pack, code="L-BAD", notice_level="recall", **notice)
    warned = LotFactory(pack_size=pack, code="L-WARN", notice_level="warning", **notice)
    LotFactory(pack_size=pack, code="L-OK")
    order = buy("lan@example.vn")
    line = order.lines.get()

    page = BeautifulSoup(ship_page(producer_client, order), "html.parser")
    offered = {option.text for option in page.select(f"select[name=lot_{line.pk}] option")}
    made = recalled.production_date.strftime("%d/%m/%Y")
    assert f"L-BAD · {made} · đang bị thu hồi" in offered
    assert f"L-WARN · {made} · đang có cảnh báo" in offered
    assert f"L-OK · {made}" in offered

    response = ship(producer_client, order, {f"lot_{line.pk}": recalled.pk})
    assert response.status_code == 200
    assert "Lô L-BAD đang bị thu hồi: không được xuất hàng từ lô này." in response.content.decode()
    code = serials.issue(recalled, 1).serials.get().serial
    response = ship(producer_client, order, {f"serials_{line.pk}": code})
    assert "Lô L-BAD đang bị thu hồi: không được xuất hàng từ lô này." in response.content.decode()
    assert recorded(order) == []

    assert ship(producer_client, order, {f"lot_{line.pk}": warned.pk}).status_code == 302
    assert recorded(order) == [("L-WARN", None)]


def test_an_order_whose_recorded_lot_was_recalled_since_is_not_handed_to_the_carrier(
    producer_client, buy, pack
):
    from storefront import fulfilment, orders
    from storefront.errors import TransitionError

    lot = LotFactory(pack_size=pack, code="L-LATE")
    order = buy("lan@example.vn", handed_over=False)
    assert ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk}).status_code == 302
    Order.objects.filter(pk=order.pk).update(state=OrderState.PREPARING)
    order.refresh_from_db()
    lot.notice_level, lot.notice, lot.notice_action = "recall", "Dị vật", "Ngừng sử dụng"
    lot.notice_from = timezone.now() - datetime.timedelta(minutes=5)
    lot.save()

    refusal = "có hàng ghi là từ lô L-LATE, lô đang bị thu hồi"
    with pytest.raises(TransitionError, match=refusal):
        orders.move(order, OrderState.SHIPPED)
    with pytest.raises(TransitionError, match=refusal):
        fulfilment.move_part(order, order.lines.get().producer_id, PartState.SHIPPED)
    order.refresh_from_db()
    assert order.state == OrderState.PREPARING
    assert order.lines.get().fulfilment != PartState.SHIPPED


RECALL = {
    "notice_level": "recall",
    "notice": "Phát hiện dị vật",
    "notice_action": "Ngừng sử dụng",
    "notice_from": "",
    "notice_until": "",
}


@pytest.mark.django_db(transaction=True)  # buyers are told after commit, before the message is written
def test_saving_a_recall_says_who_was_emailed_and_lists_the_buyers_to_phone(producer_client, buy, pack):
    lot = LotFactory(pack_size=pack, code="L-BAD")
    with_email, without = buy("lan@example.vn"), buy("")
    Order.objects.filter(pk=without.pk).update(full_name="Lê <b>Tư</b>")  # shown as typed, never run
    for order in (with_email, without):
        ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk})

    response = producer_client.post(f"/admin/traceability/lots/{lot.pk}/notice/", RECALL, follow=True)
    message = BeautifulSoup(response.content.decode(), "html.parser").select_one(".messages")
    text = " ".join(message.get_text(" ", strip=True).split()).replace(" ,", ",")
    assert "Đã báo qua email người mua của 1 đơn hàng giao từ lô này." in text
    assert (
        f"1 đơn không có email nên người mua chưa được báo. Hãy gọi điện báo họ: Lê <b>Tư</b>, 0912 345 678, đơn {without.code}."
        in text
    )
    assert [a["href"] for a in message.select("a[href^='tel:']")] == ["tel:+84912345678"]
    assert message.select("b") == []
    assert [m.to for m in mail.outbox if "Thu hồi" in m.subject] == [["lan@example.vn"]]

    listing = BeautifulSoup(
        producer_client.get(f"/admin/recall_notices/?lot={lot.pk}").content.decode(), "html.parser"
    )
    rows = {
        row.select_one("td").get_text(" ", strip=True).split()[0]: row for row in listing.select("tbody tr")
    }
    to_phone = rows[without.code]
    assert "Lê <b>Tư</b>" in to_phone.get_text(" ", strip=True) and to_phone.select("b") == []
    assert to_phone.select_one("a[href^='tel:']")["href"] == "tel:+84912345678"
    assert "Không có email: gọi điện báo" in to_phone.get_text(" ", strip=True)
    assert "lan@example.vn" in rows[with_email.code].get_text(" ", strip=True)
    only_to_phone = producer_client.get(f"/admin/recall_notices/?lot={lot.pk}&emailed=false").content.decode()
    assert without.code in only_to_phone and with_email.code not in only_to_phone
    # The count under the list tells the emails that left from the buyers still to phone.
    footer = listing.select_one(".pagination__end").get_text(" ", strip=True)
    assert footer == "2 thông báo thu hồi: 1 đã gửi email, 1 người mua cần gọi điện báo"


def test_a_recall_starting_later_says_who_will_be_emailed_and_whom_to_phone(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    from storefront.recalls import notice_reach

    lot = LotFactory(pack_size=pack, code="L-LATER")
    for email in ("lan@example.vn", "", ""):
        order = buy(email)
        ship(producer_client, order, {f"lot_{order.lines.get().pk}": lot.pk})
    starts = timezone.localtime() + datetime.timedelta(days=2)
    recall(
        producer_client,
        lot,
        django_capture_on_commit_callbacks,
        notice_from=starts.strftime("%Y-%m-%dT%H:%M"),
    )
    lot.refresh_from_db()

    reach = notice_reach(lot, buyers_shown=True)
    assert "Người mua của 1 đơn hàng có email sẽ được báo qua email khi thông báo bắt đầu." in reach.sentence
    assert "2 đơn không có email nên người mua chưa được báo. Hãy gọi điện báo họ:" in reach.sentence
    assert reach.sentence.count("tel:+84912345678") == 2
    # Someone who may not read the buyers' details is told how many, not who.
    hidden = notice_reach(lot, buyers_shown=False).sentence
    assert "2 đơn không có email nên người mua chưa được báo. Hãy gọi điện báo họ." in hidden
    assert "tel:" not in hidden and "0912" not in hidden


# --- Goods recorded before they ship: a plan, not goods in a buyer's hands --------------------------


def test_a_recall_tells_no_buyer_whose_goods_have_not_left_and_their_lot_can_be_changed(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    from storefront import orders
    from storefront.recalls import notice_reach

    bad, good = LotFactory(pack_size=pack, code="L-BAD"), LotFactory(pack_size=pack, code="L-OK")
    order = buy("lan@example.vn", handed_over=False)  # placed, the lot recorded while packing
    line = order.lines.get()
    assert ship(producer_client, order, {f"lot_{line.pk}": bad.pk}).status_code == 302
    recall(producer_client, bad, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and RecallNotice.objects.count() == 0
    bad.refresh_from_db()
    assert "1 đơn chưa giao có hàng ghi từ lô này" in notice_reach(bad, buyers_shown=True).sentence

    # The producer clears the recalled lot, records another, and the order ships; nobody is told.
    mistake = ShippedLot.objects.get(lot=bad)
    assert f'name="clear" value="{mistake.pk}"' in ship_page(producer_client, order)
    response = ship(producer_client, order, {"clear": mistake.pk, f"lot_{line.pk}": good.pk})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        for state in (OrderState.CONFIRMED, OrderState.PREPARING, OrderState.SHIPPED):
            orders.move(order, state)
    assert recorded(order) == [("L-OK", None)]
    assert RecallNotice.objects.count() == 0 and "Thu hồi" not in " ".join(subjects())


def test_a_buyer_whose_goods_ship_from_a_warned_lot_is_told_when_they_are_handed_over(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    from storefront import fulfilment, orders

    warned = LotFactory(pack_size=pack, code="L-WARN")
    recall(producer_client, warned, django_capture_on_commit_callbacks, notice_level="warning")
    order = buy("lan@example.vn", handed_over=False)
    assert ship(producer_client, order, {f"lot_{order.lines.get().pk}": warned.pk}).status_code == 302
    orders.move(order, OrderState.CONFIRMED)
    assert mail.outbox == []  # still in the shop

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.move_part(order, order.lines.get().producer_id, PartState.SHIPPED)
    order.refresh_from_db()
    assert order.state == OrderState.SHIPPED
    warnings = [subject for subject in subjects() if subject.startswith("Cảnh báo")]
    assert warnings == [f"Cảnh báo về sản phẩm trong đơn {order.code}"]  # once, though the order followed
    assert RecallNotice.objects.get().order == order


def test_a_warned_lot_recorded_after_the_goods_left_tells_the_buyer_on_saving(
    producer_client, buy, pack, django_capture_on_commit_callbacks
):
    warned = LotFactory(pack_size=pack, code="L-WARN")
    recall(producer_client, warned, django_capture_on_commit_callbacks, notice_level="warning")
    order = buy("lan@example.vn")  # with the carrier already
    assert ship(producer_client, order, {f"lot_{order.lines.get().pk}": warned.pk}).status_code == 302
    assert subjects() == [f"Cảnh báo về sản phẩm trong đơn {order.code}"]
    ship(producer_client, order, {})  # saving the page again tells nobody twice
    assert len(mail.outbox) == 1
