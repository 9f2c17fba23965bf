"""A lot's page shows the product's OCOP certification as the record says today.

The product's "Chứng nhận OCOP" record (catalogue.Certification) is the one source of its stars: a
traceability certificate of the kind "Quyết định công nhận OCOP", held by the producer, named no
product and did not follow a revocation, so it is no longer shown nor recorded.
"""

import datetime
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue import certification as rules
from catalogue.factories import PackSizeFactory, ProductPageFactory
from catalogue.permissions import programme_staff_group
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import CertificateKind

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def certificate_lines(client, url):
    return [" ".join(li.text.split()) for li in soup_of(client.get(url)).select(".certificate-item")]


def passport_certificates(client, url):
    data = json.loads(client.get(url, HTTP_ACCEPT="application/ld+json").content)
    return {c["identifier"]: c for c in data["hasCertification"]}


def programme_staff():
    staff = get_user_model().objects.create_user("canbo", password="x")
    staff.groups.add(programme_staff_group())
    return staff


@pytest.fixture
def producers_ocop_certificate(producer, product):
    """What the demo used to record: the product's decision again, as a certificate of the producer."""
    record = product.certification
    return CertificateFactory(
        producer=producer,
        kind=CertificateKind.OCOP,
        number=record.decision_number,
        issuer="Bộ Nông nghiệp và Môi trường",
        valid_from=record.decision_date,
        valid_until=record.valid_until,
    )


def test_a_revoked_certification_shows_on_the_lot_page_and_leaves_the_passport(client, lot_url, product):
    assert "OCOP 5 sao" in BeautifulSoup(client.get(lot_url).content, "html.parser").select_one(".badge").text
    rules.revoke(product.certification, programme_staff(), "Không còn đạt tiêu chí")
    soup = BeautifulSoup(client.get(lot_url).content, "html.parser")
    assert soup.select_one(".badge").text == "Chứng nhận OCOP đã bị thu hồi"
    passport = client.get(lot_url, HTTP_ACCEPT="application/ld+json").content.decode()
    assert "OCOP 5 sao" not in passport


def test_the_lot_page_lists_the_products_ocop_decision_in_force_from_its_record(client, lot_url, product):
    record = product.certification
    ocop = soup_of(client.get(lot_url)).select_one(".certificate-item.certificate-ocop")
    text = " ".join(ocop.text.split())
    assert text.startswith(f"Quyết định công nhận OCOP số {record.decision_number}")
    assert f"OCOP 5 sao · Cấp quốc gia · ngày {record.decision_date:%d/%m/%Y}" in text
    assert text.endswith(f"hiệu lực đến {record.valid_until:%d/%m/%Y}")
    assert "is-expired" not in ocop["class"]
    passport = passport_certificates(client, lot_url)[record.decision_number]
    assert passport["certificationStatus"] == "CertificationActive"
    assert passport["certificationRating"]["ratingValue"] == 5
    assert passport["expires"] == record.valid_until.isoformat()


def test_a_revoked_decision_is_listed_as_revoked_and_the_producers_copy_of_it_is_gone(
    client, lot_url, product, producers_ocop_certificate
):
    record = product.certification
    rules.revoke(record, programme_staff(), "Không còn đạt tiêu chí")
    lines = [line for line in certificate_lines(client, lot_url) if record.decision_number in line]
    assert len(lines) == 1  # the record's line, not the producer's certificate "in force" beside it
    assert lines[0].endswith("đã bị thu hồi")
    assert "hiệu lực đến" not in lines[0]
    ocop = soup_of(client.get(lot_url)).select_one(".certificate-ocop")
    assert "is-expired" in ocop["class"]
    (passport,) = [c for c in passport_certificates(client, lot_url).values() if c.get("about") == "product"]
    assert passport["certificationStatus"] == "CertificationInactive"
    assert len(passport_certificates(client, lot_url)) == 3  # the record, the lot's test report, food safety


def test_a_lapsed_decision_says_since_when(client, lot_url, product):
    record = product.certification
    lapsed = datetime.date.today() - datetime.timedelta(days=1)
    type(record).objects.filter(pk=record.pk).update(valid_until=lapsed)
    (line,) = [line for line in certificate_lines(client, lot_url) if record.decision_number in line]
    assert line.endswith(f"hết hiệu lực từ {lapsed:%d/%m/%Y}")


def test_a_lot_of_another_product_shows_its_own_decision_and_not_the_one_that_does_not_cover_it(
    client, producer, product, producers_ocop_certificate
):
    other = ProductPageFactory(parent=producer, title="Kẹo dừa lá dứa tươi", ocop_stars=4)
    lot = LotFactory(pack_size=PackSizeFactory(product=other), code="L261128-01")
    # Whole decision numbers: "1/QĐ-UBND" is part of "11/QĐ-UBND".
    decisions = set(re.findall(r"\d+/QĐ-[\w-]+", " ".join(certificate_lines(client, lot.get_absolute_url()))))
    assert other.certification.decision_number in decisions
    assert product.certification.decision_number not in decisions
    assert product.certification.decision_number not in passport_certificates(client, lot.get_absolute_url())


def test_a_product_never_certified_lists_no_ocop_decision(client, producer, producers_ocop_certificate):
    other = ProductPageFactory(parent=producer, ocop_stars=None)
    lot = LotFactory(pack_size=PackSizeFactory(product=other), code="L261128-02")
    assert not soup_of(client.get(lot.get_absolute_url())).select(".certificate-ocop")
    assert producers_ocop_certificate.number not in client.get(lot.get_absolute_url()).content.decode()
