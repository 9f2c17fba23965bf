import datetime

import pytest
from django.core.management import call_command

from catalogue.factories import PackSizeFactory, ProductPageFactory
from traceability.models import Certificate, Lot, LotEvent

pytestmark = pytest.mark.django_db


def test_load_demo_lots_on_an_empty_catalogue_says_there_is_nothing_to_do(capsys):
    call_command("load_demo_lots")
    assert "không có gì để làm" in capsys.readouterr().out
    assert Lot.objects.count() == 0


def test_load_demo_lots_gives_every_pack_size_lots_with_full_histories_once(product, producer, client):
    call_command("load_demo_lots", verbosity=0)
    lots = list(Lot.objects.all())
    assert len(lots) == 3
    assert all(lot.is_demo for lot in lots)
    for lot in lots:
        kinds = list(LotEvent.objects.filter(lot=lot).order_by("sort_order").values_list("kind", flat=True))
        assert kinds == ["harvest", "processing", "packaging", "quality_test", "shipment"]
        assert lot.certificates.filter(kind="test_report").count() == 1
        assert "dừa" in lot.raw_material_area
        lot.full_clean()
        assert client.get(lot.get_absolute_url()).status_code == 200
    held = set(Certificate.objects.filter(producer=producer).values_list("kind", "number"))
    assert not any(kind == "ocop" for kind, _ in held)  # the product's own record is the decision
    assert any(kind == "food_safety" for kind, _ in held)
    counts = (Lot.objects.count(), LotEvent.objects.count(), Certificate.objects.count())
    call_command("load_demo_lots", verbosity=0)
    assert (Lot.objects.count(), LotEvent.objects.count(), Certificate.objects.count()) == counts


def test_a_certificate_copied_in_the_admin_does_not_stop_the_next_load(product, producer):
    call_command("load_demo_lots", verbosity=0)
    for certificate in Certificate.objects.filter(producer=producer):  # as "Sao chép" in the admin does
        certificate.pk = None
        certificate.save()
    counts = (Lot.objects.count(), Certificate.objects.count())
    call_command("load_demo_lots", verbosity=0)
    assert (Lot.objects.count(), Certificate.objects.count()) == counts


def test_synthetic_products_get_lots_only_when_asked(product, producer):
    synthetic = ProductPageFactory(parent=producer, slug="synthetic-42")
    PackSizeFactory(product=synthetic)
    call_command("load_demo_lots", verbosity=0)
    assert not Lot.objects.filter(pack_size__product=synthetic).exists()
    call_command("load_demo_lots", "--all", verbosity=0)
    assert Lot.objects.filter(pack_size__product=synthetic).count() == 3


def test_the_demo_has_a_serialised_lot_with_checked_codes_and_a_recall_that_reached_a_buyer(
    product, producer, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from storefront.models import RecallNotice
    from traceability.models import LabelSheet, Serial

    second = ProductPageFactory(parent=producer, title="Kẹo dừa gừng", slug="keo-dua-gung")
    PackSizeFactory(product=second)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_lots", verbosity=0)
    live, voided = LabelSheet.objects.order_by("number")
    assert live.serials.count() == 60 and voided.voided_at is not None
    assert Serial.objects.filter(check_count=1).count() == 12
    copied = Serial.objects.get(check_count=23)
    page = client.get(copied.get_absolute_url()).content.decode()
    assert "Mã này đã được kiểm tra 24 lần, lần đầu lúc" in page
    recalled = Lot.objects.get(notice_level="recall")
    assert client.get(recalled.get_absolute_url()).content.decode().count("Lô này đang bị thu hồi") == 1
    (notice,) = RecallNotice.objects.all()
    assert notice.lot == recalled and notice.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["nguoi-mua-minh-hoa@ocop.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_lots", verbosity=0)
    assert Serial.objects.count() == 70 and RecallNotice.objects.count() == 1 and len(mail.outbox) == 1


def test_the_producer_sees_the_demo_order_that_received_the_recall_also_after_an_old_load_is_repaired(
    product, producer, client, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from catalogue.permissions import grant_producer_access
    from storefront.models import OrderLine, PartState, RecallNotice

    second = ProductPageFactory(parent=producer, title="Kẹo dừa gừng", slug="keo-dua-gung")
    PackSizeFactory(product=second)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_lots", verbosity=0)
    order = RecallNotice.objects.get().order
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.vn", "pw")
    grant_producer_access(user, producer)
    client.force_login(user)

    def seen_by_the_producer():
        listing = client.get("/admin/don-hang/")
        inspect = client.get(f"/admin/don-hang/inspect/{order.pk}/")
        return order.code in listing.content.decode() and inspect.status_code == 200

    line = order.lines.get()
    assert (line.producer_id, line.fulfilment) == (producer.pk, PartState.SHIPPED)
    assert seen_by_the_producer()

    # A database loaded before lines had a producer: the next load gives it back, once.
    OrderLine.objects.filter(pk=line.pk).update(producer=None, fulfilment=PartState.WAITING)
    assert not seen_by_the_producer()
    call_command("load_demo_lots", verbosity=0)
    line.refresh_from_db()
    assert (line.producer_id, line.fulfilment) == (producer.pk, PartState.SHIPPED)
    assert seen_by_the_producer()


def test_demo_codes_are_first_checked_after_their_lot_was_packed_and_their_labels_were_issued(
    product, producer, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from traceability.models import EventKind, LabelSheet, Serial

    second = ProductPageFactory(parent=producer, title="Kẹo dừa gừng", slug="keo-dua-gung")
    PackSizeFactory(product=second)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_lots", verbosity=0)
    live = LabelSheet.objects.order_by("number").first()
    lot = live.lot
    packed_at = lot.events.get(kind=EventKind.PACKAGING).occurred_at
    produced = timezone.make_aware(datetime.datetime.combine(lot.production_date, datetime.time()))
    assert produced <= live.created_at <= packed_at  # labels printed for the lot, before they are stuck on
    checked = Serial.objects.filter(check_count__gte=1)
    assert checked.count() == 13
    for serial in checked:
        assert packed_at < serial.first_checked_at <= serial.last_checked_at <= timezone.now()
