"""Onboarding a producer as the README tells it: programme staff create its page in the admin, the page's
group is there to tick on the Users screen, and `grant_producer_access` (or the group ticked) gives a
plain account that producer's corner of the admin, never more."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Collection

from catalogue.factories import ProductPageFactory
from catalogue.models import ProducerPage
from places.models import Province
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db

EA_KAR = "Hợp tác xã Ong mật Ea Kar"


@pytest.fixture
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def create_producer_page_in_the_admin(client, parent, title, slug):
    url = f"/admin/pages/add/catalogue/producerpage/{parent.pk}/"
    data = form_data(client.get(url).content)
    province = Province.objects.order_by("code").first()
    data.update(title=title, slug=slug, kind="cooperative", province=str(province.pk), commune="")
    data["story-count"] = "0"  # written by the editor's script
    response = client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message"
    )
    return ProducerPage.objects.get(slug=slug)


def test_a_producer_page_created_in_the_admin_has_its_group_on_the_users_screen_and_its_own_collection(
    superuser_client, producer_index
):
    page = create_producer_page_in_the_admin(superuser_client, producer_index, EA_KAR, "ong-mat-ea-kar")

    group = Group.objects.get(name=f"Chủ thể: {EA_KAR}")
    assert group.page_permissions.filter(page=page, permission__codename="change_page").exists()
    assert Collection.objects.filter(name=f"Chủ thể: {EA_KAR}", group_permissions__group=group).exists()
    soup = BeautifulSoup(superuser_client.get("/admin/users/new/").content, "html.parser")
    offered = {
        soup.select_one(f"label[for={box['id']}]").get_text(strip=True)
        for box in soup.select("input[name=groups]")
    }
    assert f"Chủ thể: {EA_KAR}" in offered


def test_a_user_given_the_new_producers_group_on_the_users_screen_edits_only_that_producer(
    superuser_client, producer_index, producer
):
    page = create_producer_page_in_the_admin(superuser_client, producer_index, EA_KAR, "ong-mat-ea-kar")
    user = get_user_model().objects.create_user("ea-kar", "ea-kar@example.vn", "pw")
    user.groups.add(Group.objects.get(name=f"Chủ thể: {EA_KAR}"))

    assert page.permissions_for_user(user).can_edit()
    assert not producer.permissions_for_user(user).can_edit()


def grant(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("grant_producer_access", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_granting_access_to_a_missing_user_advises_a_plain_account_never_a_superuser(producer):
    with pytest.raises(CommandError) as refused:
        grant("ea-kar", producer.slug)

    message = str(refused.value)
    assert "Chưa có người dùng “ea-kar”" in message
    assert "Người dùng → Thêm người dùng" in message and "--create --email" in message
    assert "Đừng dùng createsuperuser" in message
    assert not get_user_model().objects.filter(username="ea-kar").exists()


def test_granting_access_to_a_missing_producer_says_where_its_slug_is_and_creates_no_user(db):
    with pytest.raises(CommandError, match="Không có trang chủ thể nào có slug “khong-co”"):
        grant("ea-kar", "khong-co", "--create", "--email", "ea-kar@example.vn")
    assert not get_user_model().objects.filter(username="ea-kar").exists()


def test_create_makes_a_plain_account_in_the_producers_group_and_prints_a_password_that_signs_in(
    client, producer
):
    out, _ = grant("ea-kar", producer.slug, "--create", "--email", "ea-kar@example.vn")

    user = get_user_model().objects.get(username="ea-kar")
    assert (user.email, user.is_superuser, user.is_staff) == ("ea-kar@example.vn", False, False)
    assert "Đã tạo người dùng ea-kar. Mật khẩu cho lần đăng nhập đầu: " in out
    password = out.split("Mật khẩu cho lần đăng nhập đầu: ", 1)[1].split()[0]
    assert client.login(username="ea-kar", password=password)
    assert producer.permissions_for_user(user).can_edit()
    assert not producer.permissions_for_user(user).can_publish()  # its edits wait for approval
    assert f"ea-kar đã vào nhóm “Chủ thể: {producer.title}”." in out


def test_create_without_an_email_or_for_an_existing_user_is_refused_and_changes_nothing(producer):
    with pytest.raises(CommandError, match="Người dùng mới cần một email đúng"):
        grant("ea-kar", producer.slug, "--create")
    assert not get_user_model().objects.filter(username="ea-kar").exists()

    existing = get_user_model().objects.create_user("ea-kar", "ea-kar@example.vn", "pw")
    with pytest.raises(CommandError, match="Đã có người dùng “ea-kar”"):
        grant("ea-kar", producer.slug, "--create", "--email", "khac@example.vn")
    existing.refresh_from_db()
    assert (existing.email, existing.check_password("pw"), existing.groups.count()) == (
        "ea-kar@example.vn",
        True,
        0,
    )


def test_granting_access_to_a_superuser_warns_that_it_still_sees_every_producer(producer):
    get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    _, err = grant("admin", producer.slug)
    assert "admin là quản trị viên cao nhất (superuser)" in err


def test_the_commands_help_is_in_vietnamese_and_says_edits_wait_for_approval(capsys):
    with pytest.raises(SystemExit):
        call_command("grant_producer_access", "--help")
    shown = " ".join(capsys.readouterr().out.split())
    assert "bản sửa chờ cán bộ OCOP duyệt" in shown
    assert "--create" in shown and "tài khoản thường, không phải quản trị viên" in shown


# --- A new producer's OCOP certifications screen -------------------------------------------------------

CERTIFICATIONS = "/admin/chung-nhan-ocop/"


def test_a_new_producers_staff_have_the_certifications_menu_item_and_an_empty_list_that_says_why(
    client, producer_user
):
    client.force_login(producer_user)

    assert CERTIFICATIONS in client.get("/admin/").content.decode()  # the sidebar's menu item
    response = client.get(CERTIFICATIONS)
    assert response.status_code == 200
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert "Chưa có chứng nhận OCOP nào cho sản phẩm của bạn." in text
    assert "cán bộ chương trình OCOP ghi nhận" in text


def test_a_producer_with_an_uncertified_product_also_reads_an_empty_list(client, producer, producer_user):
    ProductPageFactory(
        parent=producer, title="Mật ong hoa cà phê", slug="mat-ong-hoa-ca-phe", ocop_stars=None
    )
    client.force_login(producer_user)
    response = client.get(CERTIFICATIONS)
    assert response.status_code == 200
    assert "Chưa có chứng nhận OCOP nào cho sản phẩm của bạn." in response.content.decode()


def test_a_store_or_a_plain_account_still_has_no_certifications_screen(client, db):
    client.force_login(get_user_model().objects.create_user("khach", "khach@example.vn", "pw"))
    assert client.get(CERTIFICATIONS).status_code == 302
