"""The OCOP certification is a record only programme staff change; producers read it by every path."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from catalogue import certification as rules
from catalogue.certification import Certification, State, Status
from catalogue.models import ProductPage
from search.indexing import update_products
from tests.admin_forms import form_data

ADMIN = "/admin/chung-nhan-ocop/"


def fresh(product):
    return ProductPage.objects.select_related("certification").get(pk=product.pk)


# --- Rules -------------------------------------------------------------------------------------------


def test_a_producer_cannot_record_renew_upgrade_or_revoke(product, producer_user):
    record = product.certification
    day = datetime.date(2026, 1, 5)
    with pytest.raises(PermissionDenied):
        rules.record(product, producer_user, stars=3, decision_number="1/QĐ", decision_date=day)
    with pytest.raises(PermissionDenied):
        rules.renew(record, producer_user, decision_number="2/QĐ", decision_date=day)
    with pytest.raises(PermissionDenied):
        rules.revoke(record, producer_user, "tự thu hồi")
    assert list(product.certifications.values_list("pk", flat=True)) == [record.pk]


def test_a_renewal_supersedes_the_old_record_and_keeps_the_history(product, staff):
    old = product.certification
    new = rules.renew(old, staff, decision_number="88/QĐ-BNN", decision_date=datetime.date(2026, 11, 1))
    old.refresh_from_db()
    assert (old.state, new.supersedes_id, new.outcome) == (State.SUPERSEDED, old.pk, "renewal")
    assert new.valid_until == datetime.date(2029, 11, 1)  # 36 months
    assert fresh(product).certification_id == new.pk
    assert product.certifications.count() == 2
    assert new.recorded_by == staff


def test_an_upgrade_needs_more_stars(product, staff):
    with pytest.raises(ValidationError):
        rules.upgrade(
            product.certification, staff, stars=4, decision_number="9/QĐ", decision_date=timezone.localdate()
        )


def test_a_revoked_certificate_shows_as_revoked_never_as_a_badge(client, product, staff):
    rules.revoke(product.certification, staff, "Không còn đạt tiêu chí")
    page = fresh(product)
    assert page.ocop_stars is None and page.badge.revoked
    soup = BeautifulSoup(client.get(product.url).content, "html.parser")
    assert soup.select_one(".badge-revoked").text == "Chứng nhận OCOP đã bị thu hồi"
    assert not soup.select(".badge-stars-5")
    assert "Đã thu hồi" in soup.select_one(".certificate").text
    assert (
        "award"
        not in client.get(product.url).content.decode().split("application/ld+json")[1].split("</script>")[0]
    )


def test_in_force_is_decided_at_read_time_from_valid_until(product):
    record = product.certification
    Certification.objects.filter(pk=record.pk).update(
        valid_until=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert fresh(product).ocop_stars == 5
    Certification.objects.filter(pk=record.pk).update(valid_until=timezone.localdate())
    page = fresh(product)
    assert page.ocop_stars is None and page.badge.expired and not page.badge.revoked
    assert page.certification.status() == Status.EXPIRED
    assert ProductPage.objects.cards().get(pk=product.pk).stars_in_force is None


def test_listings_order_by_the_stars_in_force(product, other_product, staff):
    # other_product holds 4 stars; the 5-star product drops below it once revoked.
    assert [p.pk for p in ProductPage.objects.cards()] == [product.pk, other_product.pk]
    rules.revoke(product.certification, staff, "Vi phạm")
    assert [p.pk for p in ProductPage.objects.cards()] == [other_product.pk, product.pk]


def test_featured_products_put_a_revoked_product_behind_the_certified_ones(
    client, home, product, other_product, staff
):
    home.featured_count = 2
    assert [p.pk for p in home.featured_products()] == [product.pk, other_product.pk]
    rules.revoke(product.certification, staff, "Vi phạm")
    assert [p.pk for p in home.featured_products()] == [other_product.pk, product.pk]


def test_a_revocation_drops_the_product_out_of_the_star_facets(
    client, product, staff, django_capture_on_commit_callbacks
):
    update_products([product.pk])
    assert client.get("/search/", {"stars": 5}).context["search"].results.total == 1
    with django_capture_on_commit_callbacks(execute=True):
        rules.revoke(product.certification, staff, "Vi phạm")
    assert client.get("/search/", {"stars": 5}).context["search"].results.total == 0


# --- The page editor, revisions, copies, bulk actions --------------------------------------------------


def test_the_page_editor_shows_the_record_read_only_and_ignores_forged_stars(client, product, producer_user):
    client.force_login(producer_user)
    url = f"/admin/pages/{product.pk}/edit/"
    response = client.get(url)
    html = response.content.decode()
    assert "data-certification-panel" in html
    assert product.certification.decision_number in html
    assert 'name="ocop_stars"' not in html and 'name="certification"' not in html
    data = form_data(html)
    data.update(ocop_stars="3", ocop_level="province", certification="", stars="3", **{"action-submit": "1"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = fresh(product)
    assert page.ocop_stars == 5 and page.certification_id == product.certification_id


def test_restoring_an_old_revision_keeps_the_certification_in_force(product, staff):
    old_revision = product.save_revision()
    new = rules.renew(
        product.certification, staff, decision_number="2/QĐ", decision_date=timezone.localdate()
    )
    assert old_revision.content["certification"] == product.certification_id  # the old pointer is in it
    old_revision.publish()
    assert fresh(product).certification_id == new.pk


def test_a_copy_of_a_product_holds_no_certification(client, product, producer_user):
    client.force_login(producer_user)
    response = client.post(
        f"/admin/pages/{product.pk}/copy/",
        {
            "new_title": "Kẹo dừa bản sao",
            "new_slug": "keo-dua-ban-sao",
            "new_parent_page": product.producer_id,
        },
    )
    assert response.status_code == 302
    copy = ProductPage.objects.get(slug="keo-dua-ban-sao")
    assert copy.certification is None and copy.badge is None
    assert fresh(product).certification is not None


def test_bulk_publishing_pages_keeps_their_certification(client, product, producer_user, staff):
    draft = product.save_revision()
    rules.revoke(product.certification, staff, "Vi phạm")
    client.force_login(producer_user)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={product.pk}"
    response = client.post(url, {})
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    page = fresh(product)
    assert page.certification.state == State.REVOKED and page.ocop_stars is None


def test_deleting_a_product_in_bulk_keeps_its_certification_history(client, product):
    record = product.certification
    client.force_login(get_user_model().objects.create_superuser("root", "root@ocop.example", "x"))
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={product.pk}", {})
    assert not ProductPage.objects.filter(pk=product.pk).exists()
    record.refresh_from_db()
    assert (record.product_id, record.product_title, record.state) == (
        None,
        "Kẹo dừa sầu riêng",
        State.ACTIVE,
    )


# --- The API -----------------------------------------------------------------------------------------


def test_the_api_shows_the_record_read_only(client, product, staff):
    rules.revoke(product.certification, staff, "Vi phạm")
    item = client.get(f"/api/v2/pages/{product.pk}/").json()
    assert item["ocop_stars"] is None
    assert item["ocop_certification"]["status"] == "revoked"
    assert item["ocop_certification"]["stars"] == 5
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(f"/api/v2/pages/{product.pk}/", {"ocop_stars": 3}).status_code == 405
    assert fresh(product).certification.state == State.REVOKED


# --- The certification admin -------------------------------------------------------------------------


def test_a_producer_reads_its_own_certifications_only(client, product, other_product, producer_user):
    client.force_login(producer_user)
    listing = client.get(ADMIN).content.decode()
    assert product.certification.decision_number in listing
    assert other_product.certification.decision_number not in listing
    assert client.get(f"{ADMIN}inspect/{product.certification.pk}/").status_code == 200
    assert client.get(f"{ADMIN}inspect/{other_product.certification.pk}/").status_code == 404


def test_a_producer_cannot_reach_any_changing_view(client, product, producer_user):
    client.force_login(producer_user)
    pk = product.certification.pk
    day = timezone.localdate().isoformat()
    record = {
        "product": product.pk,
        "outcome": "new",
        "stars": 3,
        "level": "province",
        "decision_number": "1/QĐ",
        "decision_date": day,
    }
    assert client.get(f"{ADMIN}new/").status_code == 302  # refused: back to the dashboard
    client.post(f"{ADMIN}new/", record)
    client.post(f"{ADMIN}edit/{pk}/", record)
    client.post(f"{ADMIN}delete/{pk}/")
    assert client.post(f"{ADMIN}revoke/{pk}/", {"reason": "x"}).status_code == 302
    assert list(Certification.objects.filter(product=product).values_list("pk", "state", "stars")) == [
        (pk, State.ACTIVE, 5)
    ]


def test_programme_staff_record_and_revoke_in_the_admin_but_never_edit_or_delete(client, product, staff):
    client.force_login(staff)
    old = product.certification
    response = client.post(
        f"{ADMIN}new/",
        {
            "product": product.pk,
            "outcome": "renewal",
            "stars": 5,
            "level": "national",
            "decision_number": "77/QĐ-BNN",
            "decision_date": "2026-11-20",
        },
    )
    assert response.status_code == 302
    new = fresh(product).certification
    assert (new.decision_number, new.supersedes_id, new.recorded_by_id) == ("77/QĐ-BNN", old.pk, staff.pk)
    assert client.get(f"{ADMIN}edit/{new.pk}/").status_code == 302
    assert client.post(f"{ADMIN}delete/{new.pk}/").status_code == 302
    assert Certification.objects.filter(pk=new.pk).exists()
    response = client.post(f"{ADMIN}revoke/{new.pk}/", {"reason": "Không đạt khi kiểm tra"})
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.state, new.revoked_by_id) == (State.REVOKED, staff.pk)


def test_a_bad_record_gets_a_clear_message_not_an_error_page(client, product, staff):
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}new/",
        {
            "product": product.pk,
            "outcome": "new",
            "stars": 5,
            "potential_five": "on",
            "level": "province",
            "decision_number": "1/QĐ",
            "decision_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert "tiềm năng 5 sao" in response.content.decode()
    assert fresh(product).certification_id == product.certification_id


def test_staff_find_renew_upgrade_and_revoke_on_the_record(client, other_product, staff):
    record = other_product.certification
    client.force_login(staff)
    inspect = client.get(f"{ADMIN}inspect/{record.pk}/").content.decode()
    assert "Tái chứng nhận" in inspect and "Nâng hạng sao" in inspect and "Thu hồi" in inspect
    form = client.get(f"{ADMIN}new/", {"product": other_product.pk, "outcome": "upgrade", "from": record.pk})
    soup = BeautifulSoup(form.content, "html.parser")
    assert soup.select_one('select[name="stars"] option[selected]')["value"] == "5"
    assert soup.select_one('select[name="level"] option[selected]')["value"] == "national"
    revoke = client.get(f"{ADMIN}revoke/{record.pk}/")
    assert revoke.status_code == 200 and 'name="reason"' in revoke.content.decode()
    assert client.post(f"{ADMIN}revoke/{record.pk}/", {"reason": " "}).status_code == 200
    record.refresh_from_db()
    assert record.state == State.ACTIVE


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1"])
def test_a_record_link_with_a_mangled_product_or_record_opens_an_empty_form(client, staff, value):
    client.force_login(staff)
    form = client.get(f"{ADMIN}new/", {"product": value, "outcome": "upgrade", "from": value})
    assert form.status_code == 200
    soup = BeautifulSoup(form.content, "html.parser")
    assert soup.select_one('select[name="product"] option[selected]')["value"] == ""  # none chosen
