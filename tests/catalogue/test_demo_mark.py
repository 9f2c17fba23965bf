"""The "Dữ liệu minh hoạ" box (is_demo) belongs to the demo loader and the site's superusers: a producer,
a store or programme staff never see it (ticked, it would label real goods as made up on the public
pages), and their save keeps the mark the record has."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from catalogue.certification import Certification
from catalogue.models import PackSize, ProducerPage
from catalogue.permissions import store_editors
from catalogue.stores import StorePage
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

DEMO_BOX_LABEL = "Dữ liệu minh hoạ"


def demo_boxes(html) -> list[str]:
    """The names of the form's is_demo inputs (a page's own, each pack size row's)."""
    soup = BeautifulSoup(html, "html.parser")
    return [
        field["name"] for field in soup.select("input[name$=is_demo]") if not field.find_parent("template")
    ]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@ocop.example", "x")


def mark_as_demo(product, producer):
    PackSize.objects.filter(product=product).update(is_demo=True)
    ProducerPage.objects.filter(pk=producer.pk).update(is_demo=True)


def test_a_producer_is_not_offered_the_demo_box_and_its_save_keeps_the_mark(
    client, product, producer, producer_user
):
    mark_as_demo(product, producer)
    client.force_login(producer_user)
    for page in (product, producer):
        url = f"/admin/pages/{page.pk}/edit/"
        html = client.get(url).content.decode()
        assert demo_boxes(html) == [], page
        assert DEMO_BOX_LABEL not in html, page

        response = client.post(url, {**form_data(html), "story-count": "0"})  # the editor's script writes it

        assert response.status_code == 302, page
    assert PackSize.objects.get(product=product).is_demo
    assert ProducerPage.objects.get(pk=producer.pk).get_latest_revision_as_object().is_demo


def test_a_superuser_is_offered_the_demo_box_on_pages_and_pack_sizes(client, product, producer, superuser):
    client.force_login(superuser)
    assert demo_boxes(client.get(f"/admin/pages/{product.pk}/edit/").content.decode()) == [
        "pack_sizes-0-is_demo"
    ]
    assert demo_boxes(client.get(f"/admin/pages/{producer.pk}/edit/").content.decode()) == ["is_demo"]


def test_a_store_account_is_not_offered_the_demo_box(client, make_store):
    store = make_store(is_demo=True)
    user = get_user_model().objects.create_user("cua-hang-ben-tre", password="x")
    user.groups.add(store_editors(store))
    client.force_login(user)
    url = f"/admin/pages/{store.pk}/edit/"
    html = client.get(url).content.decode()
    assert demo_boxes(html) == []

    assert client.post(url, form_data(html)).status_code == 302
    assert StorePage.objects.get(pk=store.pk).get_latest_revision_as_object().is_demo


def test_programme_staff_are_not_offered_the_demo_box_and_a_renewal_keeps_the_mark(client, product, staff):
    Certification.objects.filter(pk=product.certification_id).update(is_demo=True)
    client.force_login(staff)
    assert demo_boxes(client.get("/admin/chung-nhan-ocop/new/").content.decode()) == []

    response = client.post(
        "/admin/chung-nhan-ocop/new/",
        {
            "product": product.pk,
            "outcome": "renewal",
            "stars": 5,
            "level": "national",
            "decision_number": "77/QĐ-BNN",
            "decision_date": timezone.localdate().isoformat(),
            "valid_until": "",
            "is_demo": "",  # forged: a field not offered is ignored
        },
    )

    assert response.status_code == 302
    renewal = Certification.objects.filter(product=product).latest("pk")
    assert renewal.pk != product.certification_id and renewal.is_demo


def test_a_superuser_is_offered_the_demo_box_on_the_certification_form(client, superuser):
    client.force_login(superuser)
    assert demo_boxes(client.get("/admin/chung-nhan-ocop/new/").content.decode()) == ["is_demo"]
