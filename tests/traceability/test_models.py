import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from traceability.factories import CertificateFactory, LotFactory
from traceability.models import Certificate, Lot, validate_lot_code

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["L2406-01", "A", "LOT_1.2", "X" * 20])
def test_printable_lot_codes_are_accepted(code):
    validate_lot_code(code)


@pytest.mark.parametrize("code", ["", "L 1", "L/1", "Lô1", "X" * 21])
def test_lot_codes_that_break_a_digital_link_are_refused(code):
    with pytest.raises(ValidationError):
        validate_lot_code(code)


def test_expiry_before_production_is_refused_with_a_message(pack):
    lot = LotFactory.build(
        pack_size=pack, production_date=datetime.date(2026, 6, 1), expiry_date=datetime.date(2026, 5, 1)
    )
    with pytest.raises(ValidationError) as error:
        lot.full_clean()
    assert error.value.message_dict["expiry_date"] == ["Hạn sử dụng phải sau ngày sản xuất."]
    with pytest.raises(IntegrityError), transaction.atomic():
        lot.save()
    assert Lot.objects.count() == 0


def test_a_recall_without_a_text_is_refused(pack):
    lot = LotFactory.build(pack_size=pack, notice_level="recall", notice="")
    with pytest.raises(ValidationError) as error:
        lot.full_clean()
    assert "notice" in error.value.message_dict


def test_lot_code_is_unique_per_pack_size(pack):
    LotFactory(pack_size=pack, code="L1")
    with pytest.raises(IntegrityError), transaction.atomic():
        LotFactory(pack_size=pack, code="L1")
    assert Lot.objects.filter(code="L1").count() == 1


def test_a_certificate_belongs_to_a_producer_or_a_lot_not_both(lot, producer):
    certificate = CertificateFactory.build(producer=producer, lot=lot)
    with pytest.raises(ValidationError):
        certificate.full_clean()
    before = Certificate.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        certificate.save()
    assert Certificate.objects.count() == before


def messages_of(record) -> dict:
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize(
    ("issued", "until", "field"),
    [
        (datetime.date(1, 1, 1), None, "valid_from"),  # a mistyped year printed on every lot page
        (datetime.date(9999, 12, 31), None, "valid_from"),  # issued on a day to come
        (datetime.date(2025, 3, 1), datetime.date(9999, 12, 31), "valid_until"),
    ],
)
def test_a_certificates_dates_out_of_this_world_are_refused_on_their_field(producer, issued, until, field):
    certificate = CertificateFactory.build(producer=producer, valid_from=issued, valid_until=until)
    errors = messages_of(certificate)
    assert list(errors) == [field]
    assert "hãy kiểm tra lại năm" in errors[field][0]


def test_a_lot_event_or_harvest_in_year_1_is_refused_and_the_shelf_life_is_not_judged_from_it(lot):
    event = lot.events.first()
    event.occurred_at = event.occurred_at.replace(year=1, month=1, day=2)
    assert messages_of(event) == {"occurred_at": ["Sự kiện phải từ 01/01/2000 trở đi; hãy kiểm tra lại năm."]}
    lot.harvest_date = datetime.date(1, 1, 1)
    assert messages_of(lot)["harvest_date"] == [
        "Ngày thu hoạch phải từ 01/01/2000 trở đi; hãy kiểm tra lại năm."
    ]
    lot.harvest_date, lot.production_date = None, datetime.date(1, 1, 1)
    # Only the wrong year is named: no "shelf life at most … (01/01/11)" reckoned from it.
    assert list(messages_of(lot)) == ["production_date"]
