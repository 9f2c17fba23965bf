"""A serial label sheet prints fast however often it is opened, and its pages are the ones it has."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.factories import ProducerPageFactory
from catalogue.permissions import producer_editors, programme_staff_group, store_editors
from traceability import qr, serials

pytestmark = pytest.mark.django_db


@pytest.fixture
def sheet_of_300(lot):
    return serials.issue(lot, 300)


def sheet_url(sheet):
    return f"/lots/sheets/{sheet.pk}/labels/"


def drawn_labels(response):
    return [
        label.decode_contents() for label in BeautifulSoup(response.content, "html.parser").select(".label")
    ]


def test_a_sheet_opened_again_draws_no_qr_code_again_and_prints_the_same_labels(
    producer_client, sheet_of_300, monkeypatch
):
    started = time.perf_counter()
    first = producer_client.get(sheet_url(sheet_of_300), {"size": 20})
    first_seconds = time.perf_counter() - started
    drawn = []
    make = qr.make
    monkeypatch.setattr(qr, "make", lambda uri: drawn.append(uri) or make(uri))
    started = time.perf_counter()
    again = producer_client.get(sheet_url(sheet_of_300), {"size": 20})
    again_seconds = time.perf_counter() - started
    print(f"300 labels: first {first_seconds:.2f} s, again {again_seconds:.2f} s")
    assert len(drawn_labels(first)) == 300
    assert drawn == []  # each serial's QR code never changes: drawn once, kept
    assert drawn_labels(again) == drawn_labels(first)


def test_a_page_past_the_last_is_sent_to_the_last_page(producer_client, sheet_of_300):
    response = producer_client.get(sheet_url(sheet_of_300), {"size": 18, "page": 999})
    assert response.status_code == 302
    assert response["Location"] == f"{sheet_url(sheet_of_300)}?page=1&size=18"


@pytest.mark.parametrize("page", ["0", "-1", "một"])
def test_a_page_that_is_no_page_number_is_sent_to_the_first(producer_client, sheet_of_300, page):
    response = producer_client.get(sheet_url(sheet_of_300), {"page": page})
    assert response.status_code == 302
    assert response["Location"] == f"{sheet_url(sheet_of_300)}?page=1&size=20"


def signed_in(client, username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(*groups)
    client.force_login(user)
    return client


def test_programme_staff_cannot_print_a_producers_serialised_labels(client, sheet):
    """They read every lot, but a sheet of genuine codes is what a counterfeiter needs: as "Tem theo
    gói", it is the lot's producer's alone."""
    staff = signed_in(client, "canbo-ocop", programme_staff_group())
    response = staff.get(sheet_url(sheet), {"size": 20})
    assert response.status_code == 404
    assert sheet.serials.first().check_code not in response.content.decode()
    assert staff.get(f"/admin/traceability/lots/{sheet.lot.pk}/serials/").status_code == 302


def test_a_stores_staff_cannot_print_serialised_labels(client, sheet, make_store):
    store = signed_in(client, "cua-hang-ben-tre", store_editors(make_store()))
    assert store.get(sheet_url(sheet)).status_code == 403


def test_another_producers_staff_cannot_print_its_serialised_labels(client, sheet, producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Bánh tráng Mỹ Lồng", slug="my-long")
    staff = signed_in(client, "my-long", producer_editors(other))
    assert staff.get(sheet_url(sheet)).status_code == 404


def test_the_lots_producer_and_a_superuser_print_its_serialised_labels(producer_client, client, sheet):
    assert producer_client.get(sheet_url(sheet)).status_code == 200
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    assert client.get(sheet_url(sheet)).status_code == 200
