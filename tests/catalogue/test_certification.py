"""The OCOP certification is a record only programme staff change; producers read it by every path."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from catalogue import certification as rules
from catalogue.certification import Certification, State, Status
from catalogue.certification_admin import RecordForm
from catalogue.factories import ProductPageFactory
from catalogue.models import ProductPage
from catalogue.ocop import certificate_expiry
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


def test_the_record_form_lists_products_in_vietnamese_order(client, staff, producer, category):
    for title in ("Đông trùng hạ thảo", "Dầu dừa", "Trà mãng cầu", "Bánh pía"):
        ProductPageFactory(parent=producer, title=title, categories=[category])
    client.force_login(staff)
    soup = BeautifulSoup(client.get(f"{ADMIN}new/").content, "html.parser")
    labels = [option.text for option in soup.select('select[name="product"] option') if option["value"]]
    titles = [label.removesuffix(f" · {producer.title}") for label in labels]
    mine = [
        title for title in titles if title in ("Đông trùng hạ thảo", "Dầu dừa", "Trà mãng cầu", "Bánh pía")
    ]
    assert mine == ["Bánh pía", "Dầu dừa", "Đông trùng hạ thảo", "Trà mãng cầu"]  # đ after d, not after z


def test_the_record_form_names_each_product_with_its_producer_under_a_capitalised_label(
    client, staff, product, other_product
):
    client.force_login(staff)
    soup = BeautifulSoup(client.get(f"{ADMIN}new/").content, "html.parser")
    label = soup.select_one('label[for="id_product"]').get_text(" ", strip=True)
    options = [option.text for option in soup.select('select[name="product"] option') if option["value"]]

    assert label.startswith("Sản phẩm")
    assert options == ["Kẹo dừa sầu riêng · Công ty TNHH Đông Á", "Trà hoa vàng · HTX Trà Lục Nam"]


# --- What a record may say -----------------------------------------------------------------------------


def post_record(client, product, **changes):
    """Programme staff post the record form (a renewal of the 5★ national product by default)."""
    data = {
        "product": product.pk,
        "outcome": "renewal",
        "stars": 5,
        "level": "national",
        "decision_number": "77/QĐ-BNN",
        "decision_date": timezone.localdate().isoformat(),
        "valid_until": "",
        **changes,
    }
    return client.post(f"{ADMIN}new/", data)


def refused_on(response, field):
    """The form came back with its errors on `field`, as the page shows them."""
    assert response.status_code == 200
    errors = response.context["form"].errors.get(field, [])
    html = response.content.decode()
    assert errors and all(str(error) in html for error in errors)
    return " ".join(errors)


def unchanged(product):
    page = fresh(product)
    assert page.certification_id == product.certification_id and page.ocop_stars == 5
    return Certification.objects.filter(product=product).count() == 1


def test_a_product_id_past_what_the_database_stores_is_refused_on_the_field_with_the_rest_kept(
    client, product, staff
):
    client.force_login(staff)
    record = {
        "product": "9" * 21,  # past SQLite's 64-bit integers
        "outcome": "renewal",
        "stars": 5,
        "level": "national",
        "decision_number": "12/QĐ-UBND",
        "decision_date": timezone.localdate().isoformat(),
    }
    response = client.post(f"{ADMIN}new/", record)
    assert "Hãy chọn một lựa chọn hợp lệ" in refused_on(response, "product")
    assert 'value="12/QĐ-UBND"' in response.content.decode()


def test_direction_controls_typed_into_a_decision_number_are_dropped_so_its_date_reads_the_right_way(
    client, product, staff
):
    client.force_login(staff)
    response = post_record(client, product, decision_number="\u202e29/QĐ-UBND\u202c")
    assert response.status_code == 302, response.context["form"].errors
    assert Certification.objects.filter(product=product).latest("pk").decision_number == "29/QĐ-UBND"


def test_a_validity_beyond_36_months_is_refused(client, product, staff):
    client.force_login(staff)
    decided = timezone.localdate()
    latest = certificate_expiry(decided)
    response = post_record(client, product, decision_date=decided.isoformat(), valid_until="2036-01-01")
    assert refused_on(response, "valid_until") == (
        f"Chứng nhận OCOP có hiệu lực tối đa 36 tháng: với quyết định ngày {decided:%d/%m/%Y}, ngày hết "
        f"hiệu lực muộn nhất là {latest:%d/%m/%Y}. Để trống để lấy đúng 36 tháng."
    )
    assert unchanged(product)


def test_exactly_36_months_is_accepted(client, product, staff):
    client.force_login(staff)
    latest = certificate_expiry(timezone.localdate())
    response = post_record(client, product, valid_until=latest.isoformat())
    assert response.status_code == 302
    assert fresh(product).certification.valid_until == latest


def test_a_decision_before_the_programme_is_refused_and_the_product_keeps_its_stars(client, product, staff):
    client.force_login(staff)
    response = post_record(client, product, decision_date="1900-01-01")
    assert refused_on(response, "decision_date") == (
        "Chương trình OCOP bắt đầu từ ngày 07/05/2018 (Quyết định 490/QĐ-TTg): ngày quyết định không thể sớm hơn."
    )
    assert unchanged(product)
    soup = BeautifulSoup(client.get(product.url).content, "html.parser")
    assert soup.select(".badge-stars-5") and "Chứng nhận OCOP đã hết hạn" not in soup.text


def test_a_decision_whose_certificate_has_lapsed_is_refused(client, product, staff):
    client.force_login(staff)
    response = post_record(client, product, decision_date="2019-03-01")
    assert (
        "Chứng nhận theo quyết định này đã hết hiệu lực ngày 01/03/2022: chỉ ghi nhận quyết định còn hiệu lực."
        in refused_on(response, "decision_date")
    )
    assert unchanged(product)


def test_a_decision_dated_in_the_future_is_refused(client, product, staff):
    client.force_login(staff)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post_record(client, product, decision_date=tomorrow.isoformat())
    assert refused_on(response, "decision_date").startswith("Ngày quyết định không thể sau hôm nay")
    assert unchanged(product)


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_decision_date_at_the_calendars_ends_is_a_field_error(client, product, staff, day):
    client.force_login(staff)
    refused_on(post_record(client, product, decision_date=day), "decision_date")
    assert unchanged(product)


def test_an_upgrade_to_fewer_stars_is_refused(client, product, staff):
    client.force_login(staff)
    response = post_record(client, product, outcome="upgrade", stars=3, level="province")
    assert refused_on(response, "stars") == "Nâng hạng sao phải có số sao cao hơn hạng hiện tại (5 sao)."
    assert unchanged(product)


def test_a_renewal_keeps_the_stars(client, other_product, staff):
    client.force_login(staff)
    response = post_record(client, other_product, outcome="renewal", stars=5, level="national")
    assert refused_on(response, "stars").startswith(
        "Tái chứng nhận giữ nguyên hạng sao của chứng nhận trước (4 sao)."
    )
    response = post_record(client, other_product, outcome="upgrade", stars=5, level="national")
    assert response.status_code == 302
    record = fresh(other_product).certification
    assert (record.outcome, record.stars, record.get_outcome_display()) == ("upgrade", 5, "Nâng hạng sao")


def test_a_new_record_may_not_lower_the_stars_in_force(client, product, staff):
    client.force_login(staff)
    response = post_record(client, product, outcome="new", stars=4, level="province")
    assert "không ghi nhận hạng thấp hơn khi chứng nhận đó còn hiệu lực" in refused_on(response, "stars")
    assert unchanged(product)


def test_after_a_revocation_only_a_new_record_may_follow(client, product, staff):
    rules.revoke(product.certification, staff, "Không đạt khi kiểm tra")
    client.force_login(staff)
    for outcome in ("renewal", "upgrade"):
        assert "hãy chọn “Chứng nhận mới”" in refused_on(
            post_record(client, product, outcome=outcome), "outcome"
        )
    response = post_record(client, product, outcome="new", stars=3, level="province")
    assert response.status_code == 302
    assert fresh(product).certification.outcome == "new"


def test_a_renewal_decided_before_the_record_it_replaces_is_refused(client, product, staff):
    client.force_login(staff)
    earlier = product.certification.decision_date - datetime.timedelta(days=1)
    response = post_record(client, product, decision_date=earlier.isoformat())
    assert refused_on(response, "decision_date").startswith(
        "Ngày quyết định không thể trước ngày quyết định của chứng nhận được thay thế"
    )
    assert unchanged(product)


def test_three_and_four_stars_are_recognised_by_the_province(client, other_product, staff):
    client.force_login(staff)
    response = post_record(client, other_product, stars=4, level="national")
    assert refused_on(response, "level") == (
        "Sản phẩm 3 sao và 4 sao do UBND cấp tỉnh công nhận; hãy chọn “Cấp tỉnh”."
    )


def test_the_service_refuses_a_record_not_in_force_without_superseding(product, staff):
    with pytest.raises(ValidationError) as error:
        rules.record(product, staff, stars=5, decision_number="1/QĐ", decision_date=datetime.date(2019, 1, 2))
    assert "decision_date" in error.value.message_dict
    assert unchanged(product)
    assert fresh(product).certification.state == State.ACTIVE


def test_after_recording_the_message_offers_no_edit_button(client, product, staff):
    client.force_login(staff)
    response = post_record(client, product)
    assert response.status_code == 302
    page = BeautifulSoup(client.get(response["Location"]).content, "html.parser")
    message = page.select_one(".messages")
    assert message is not None and "edit" not in " ".join(a["href"] for a in message.select("a[href]"))
    assert "Biên tập" not in message.text


def test_the_record_form_shows_dates_as_its_date_pickers_read_them(db):
    form = RecordForm(
        initial={"decision_date": datetime.date(2026, 11, 20), "valid_until": datetime.date(2029, 11, 20)}
    )
    soup = BeautifulSoup(str(form["decision_date"]) + str(form["valid_until"]), "html.parser")
    # <input type="date"> shows only an ISO value; "20/11/2026" would leave the picker empty.
    assert [field["value"] for field in soup.select("input[type=date]")] == ["2026-11-20", "2029-11-20"]


def test_the_certification_listing_capitalises_every_column_heading(client, product, staff):
    client.force_login(staff)
    soup = BeautifulSoup(client.get("/admin/chung-nhan-ocop/").content, "html.parser")
    headings = [th.get_text(" ", strip=True) for th in soup.select("table.listing thead th")]
    assert "Trạng thái" in headings
    assert all(heading[:1] == heading[:1].upper() for heading in headings if heading)


def test_a_revocation_reason_longer_than_1000_characters_is_refused_in_words(client, product, staff):
    record = product.certification
    client.force_login(staff)

    response = client.post(f"/admin/chung-nhan-ocop/revoke/{record.pk}/", {"reason": "x" * 10_000})

    assert response.status_code == 200
    assert "Hãy viết ngắn gọn, tối đa 1000 ký tự (hiện có 10000)" in response.content.decode()
    record.refresh_from_db()
    assert (record.state, record.revocation_reason) == (State.ACTIVE, "")


# --- The record in force, whatever was revoked after it ----------------------------------------------


def active_records(product):
    return list(Certification.objects.filter(product=product, state=State.ACTIVE))


@pytest.fixture
def in_force_behind_a_revocation(client, other_product, staff):
    """The 4★ record decided 200 days ago is revoked; a 4★ decision of 300 days ago, still in force, is
    recorded after it (the report's product 19: its in-force record dated before the revoked one)."""
    rules.revoke(other_product.certification, staff, "Không đạt khi kiểm tra")
    client.force_login(staff)
    earlier = timezone.localdate() - datetime.timedelta(days=300)
    response = post_record(
        client, other_product, outcome="new", stars=4, level="province", decision_date=earlier.isoformat()
    )
    assert response.status_code == 302
    return fresh(other_product).certification


@pytest.mark.parametrize(
    ("outcome", "stars", "level"), [("upgrade", 5, "national"), ("renewal", 4, "province")]
)
def test_a_record_in_force_can_be_upgraded_or_renewed_though_a_later_one_was_revoked(
    client, other_product, in_force_behind_a_revocation, outcome, stars, level
):
    response = post_record(client, other_product, outcome=outcome, stars=stars, level=level)

    assert response.status_code == 302
    record = fresh(other_product).certification
    assert (record.outcome, record.stars, record.supersedes_id) == (
        outcome,
        stars,
        in_force_behind_a_revocation.pk,
    )
    assert active_records(other_product) == [record]


def test_a_new_record_never_lowers_the_stars_in_force_though_a_later_one_was_revoked(
    client, other_product, in_force_behind_a_revocation
):
    response = post_record(client, other_product, outcome="new", stars=3, level="province")

    assert "không ghi nhận hạng thấp hơn khi chứng nhận đó còn hiệu lực" in refused_on(response, "stars")
    assert fresh(other_product).certification == in_force_behind_a_revocation
    assert fresh(other_product).ocop_stars == 4
    assert active_records(other_product) == [in_force_behind_a_revocation]


def test_a_new_record_supersedes_the_one_in_force_though_a_later_one_was_revoked(
    client, other_product, in_force_behind_a_revocation
):
    response = post_record(client, other_product, outcome="new", stars=4, level="province")

    assert response.status_code == 302
    record = fresh(other_product).certification
    assert (record.outcome, record.supersedes_id) == ("renewal", in_force_behind_a_revocation.pk)
    in_force_behind_a_revocation.refresh_from_db()
    assert in_force_behind_a_revocation.get_status_display() == "Đã được thay thế"
    assert active_records(other_product) == [record]


def test_the_listing_shows_one_record_in_force_per_product(
    client, other_product, in_force_behind_a_revocation
):
    post_record(client, other_product, outcome="new", stars=4, level="province")

    soup = BeautifulSoup(client.get(f"{ADMIN}?q=Trà hoa vàng").content, "html.parser")
    rows = [row.get_text(" ", strip=True) for row in soup.select("table.listing tbody tr")]
    assert len(rows) == 3
    assert sum("Còn hiệu lực" in row for row in rows) == 1


def test_the_database_refuses_a_second_active_record_for_a_product(other_product):
    second = Certification(
        product=other_product,
        product_title=other_product.title,
        stars=4,
        level="province",
        decision_number="99/QĐ-UBND",
        decision_date=timezone.localdate(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert len(active_records(other_product)) == 1


# --- A copy is a draft until it has its own pack sizes ------------------------------------------------


def test_a_trusted_producers_copy_of_a_product_stays_a_draft_until_it_has_a_pack_size(
    client, product, producer_user
):
    from catalogue.moderation import set_trusted_publisher

    set_trusted_publisher(product.get_parent().specific, True)
    client.force_login(producer_user)
    url = f"/admin/pages/{product.pk}/copy/"
    form = BeautifulSoup(client.get(url).content, "html.parser")
    assert not form.select('input[name="publish_copies"]') and not form.select('input[name="alias"]')

    response = client.post(
        url,
        {
            "new_title": "Kẹo dừa bản sao",
            "new_slug": "keo-dua-ban-sao",
            "new_parent_page": product.producer_id,
            "publish_copies": "on",
        },
        follow=True,
    )

    copy = ProductPage.objects.get(slug="keo-dua-ban-sao")
    assert not copy.live and not copy.pack_sizes.exists()
    assert "Bản sao chưa có quy cách đóng gói" in response.content.decode()
    client.logout()
    assert client.get(f"{product.get_parent().url}keo-dua-ban-sao/").status_code == 404


@pytest.mark.parametrize("choice", ["publish_copies", "alias"])
def test_a_producer_copied_with_its_products_cannot_publish_them_without_pack_sizes(
    admin_client, product, choice
):
    producer = product.get_parent()
    pages = ProductPage.objects.count()

    response = admin_client.post(
        f"/admin/pages/{producer.pk}/copy/",
        {
            "new_title": "Chủ thể bản sao",
            "new_slug": "chu-the-ban-sao",
            "new_parent_page": producer.get_parent().pk,
            "copy_subpages": "on",
            choice: "on",
        },
    )

    assert response.status_code == 200
    assert "chưa có quy cách đóng gói" in response.content.decode()
    assert ProductPage.objects.count() == pages


API = "/admin/api/main/pages/"


def test_the_admin_api_copies_a_product_as_a_draft_only(admin_client, product):
    pages = ProductPage.objects.count()
    url = f"{API}{product.pk}/action/copy/"

    refused = admin_client.post(url, {"slug": "keo-dua-api"}, content_type="application/json")
    assert refused.status_code == 400 and "chưa có quy cách đóng gói" in refused.json()["keep_live"][0]
    assert ProductPage.objects.count() == pages

    draft = admin_client.post(
        url, {"slug": "keo-dua-api", "keep_live": False}, content_type="application/json"
    )
    assert draft.status_code == 201
    assert not ProductPage.objects.get(slug="keo-dua-api").live


def test_the_admin_api_makes_no_alias_of_a_product(admin_client, product):
    pages = ProductPage.objects.count()

    response = admin_client.post(
        f"{API}{product.pk}/action/create_alias/",
        {"update_slug": "keo-dua-alias"},
        content_type="application/json",
    )

    assert response.status_code == 400 and "chưa có quy cách đóng gói" in str(response.json())
    assert ProductPage.objects.count() == pages
