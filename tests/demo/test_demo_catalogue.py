"""The demo catalogue `make run` loads: the seeds' producers and products, once, with sane invented data."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from catalogue.gtin import normalize_gtin
from catalogue.models import CategoryPage, PackSize, ProducerPage, ProductPage
from cms.models import HomePage
from demo import data, synthetic
from demo.images import draw_product_image
from traceability.models import Lot

pytestmark = pytest.mark.django_db

SEED_FIVE_STARS = {"Kẹo dừa ca cao", "Kẹo dừa sầu riêng lá dứa", "Kẹo dừa gừng", "Kẹo dừa sầu riêng"}


@pytest.fixture
def demo(demo_catalogue, db):
    return demo_catalogue


def counts():
    return (
        Page.objects.count(),
        PackSize.objects.count(),
        get_user_model().objects.count(),
        HomePage.objects.count(),
    )


def test_demo_has_every_producer_and_product_named_in_the_seeds(demo):
    producers = set(ProducerPage.objects.values_list("title", flat=True))
    for name in (
        "Công ty TNHH Sản xuất kinh doanh tổng hợp Đông Á",
        "Công ty TNHH Vĩnh Tiến",
        "Công ty TNHH chế biến sản phẩm dừa Cửu Long",
        "Công ty cổ phần Sa Sâm Việt",
        "Hộ kinh doanh Trần Minh Tâm (Thạch dừa Minh Tâm)",
        "HTX dịch vụ nông nghiệp xã Lục Sơn",
        "Công ty TNHH dược thảo Trường Thọ",
        "Tổ hợp tác bánh mật Thanh Lâm",
        "Hộ kinh doanh Nem chua Tư Thủy",
        "HTX dược liệu công nghệ cao Trường Sơn",
    ):
        assert name in producers
    dong_a = ProducerPage.objects.get(slug="dong-a")
    five_stars = set(
        ProductPage.objects.filter(producer=dong_a, certification__stars=5).values_list("title", flat=True)
    )
    assert five_stars == SEED_FIVE_STARS
    assert ProducerPage.objects.get(slug="dong-a").province.short_name == "Vĩnh Long"
    assert ProducerPage.objects.get(slug="nem-chua-tu-thuy").province.short_name == "Bắc Ninh"


def test_every_category_has_products_and_every_kind_of_producer_is_present(demo):
    for category in CategoryPage.objects.all():
        assert ProductPage.objects.filter(categories=category).exists(), category.title
    kinds = set(ProducerPage.objects.values_list("kind", flat=True))
    assert kinds == {"company", "cooperative", "cooperative_group", "household", "craft_village"}


def test_invented_values_are_marked_demo_and_gtins_are_valid_on_the_893_prefix(demo):
    packs = list(PackSize.objects.all())
    assert packs and all(p.is_demo for p in packs)
    for pack in packs:
        assert pack.gtin.startswith("0893")
        assert normalize_gtin(pack.gtin) == pack.gtin
    assert len({p.gtin for p in packs}) == len(packs)


def test_loading_the_demo_twice_creates_nothing_new(demo):
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before


def test_loading_the_demo_keeps_an_editors_changes(demo):
    product = ProductPage.objects.get(slug="keo-dua-gung")
    product.title = "Kẹo dừa gừng (mới)"
    product.save_revision().publish()
    call_command("load_demo", verbosity=0)
    assert ProductPage.objects.get(slug="keo-dua-gung").title == "Kẹo dừa gừng (mới)"


def shared_picture_size(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    sizes = [soup.find("meta", property=f"og:image:{side}") for side in ("width", "height")]
    return tuple(int(tag["content"]) for tag in sizes if tag)


def test_the_demo_photos_are_drawn_wide_enough_to_be_shared_at_1200x630(client, demo):
    assert min(get_image_model().objects.values_list("width", flat=True)) >= 1200
    for url in ("/", ProductPage.objects.get(slug="keo-dua-gung").url, "/qua-tang/", "/cua-hang/ben-tre/"):
        assert shared_picture_size(client, url) == (1200, 630), url


def test_loading_the_demo_again_keeps_the_smaller_photos_of_an_older_demo(client, demo):
    # A database from before the photos were drawn 1200 px wide: `make run` keeps its pictures.
    product = ProductPage.objects.get(slug="keo-dua-gung")
    image = product.image
    image.file = ImageFile(io.BytesIO(draw_product_image(product.title, (200, 120, 80), size=640)), "x.png")
    image.save()
    call_command("load_demo", verbosity=0)
    kept = ProductPage.objects.get(slug="keo-dua-gung").image
    assert (kept.pk, kept.width) == (image.pk, 640)
    assert shared_picture_size(client, product.url) == (640, 336)  # said as it is


def test_the_demo_home_page_is_the_site_root_and_serves(client, demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    response = client.get("/")
    assert response.status_code == 200
    assert "Kẹo dừa ca cao" in response.content.decode()


def test_a_producer_account_may_edit_its_own_products_and_nobody_elses(demo):
    user = get_user_model().objects.get(username="dong-a")
    own = ProductPage.objects.get(slug="keo-dua-gung")
    other = ProductPage.objects.get(slug="tra-hoa-vang")
    assert own.permissions_for_user(user).can_edit()
    assert not own.permissions_for_user(user).can_publish()  # its edits go through "Duyệt nội dung"
    assert not other.permissions_for_user(user).can_edit()


def test_the_demo_admin_can_log_in(client, demo, settings):
    assert client.login(username="admin", password=settings.DEMO_ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_seed_data_module_counts_match_what_was_loaded(demo):
    assert ProducerPage.objects.count() == len(data.PRODUCERS)
    assert ProductPage.objects.count() == sum(len(p.products) for p in data.PRODUCERS)


def test_generate_catalogue_adds_only_what_is_missing(demo):
    out = io.StringIO()
    call_command("generate_catalogue", products=30, verbosity=0, stdout=out)
    assert out.getvalue().splitlines()[0] == "Đã tạo 30 sản phẩm tổng hợp (cần 30)."
    synthetic_products = ProductPage.objects.filter(slug__startswith=synthetic.SLUG_PREFIX)
    assert synthetic_products.count() == 30
    assert all(p.pack_sizes.exists() and p.producer_id for p in synthetic_products.all())
    call_command("generate_catalogue", products=30, verbosity=0)
    assert synthetic_products.count() == 30
    call_command("generate_catalogue", products=35, verbosity=0)
    assert synthetic_products.count() == 35
    assert Page.find_problems() == ([], [], [], [], [])


def test_granting_producer_access_lets_a_new_user_edit_that_producer_only(demo):
    user = get_user_model().objects.create_user("minh-tam", password="x")
    call_command("grant_producer_access", "minh-tam", "thach-dua-minh-tam", verbosity=0)
    own = ProductPage.objects.get(slug="thach-dua-minh-tam")
    assert own.permissions_for_user(user).can_edit()
    assert not ProductPage.objects.get(slug="keo-dua-gung").permissions_for_user(user).can_edit()


def test_granting_access_to_an_unknown_user_or_producer_says_which(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Chưa có người dùng “ghost”"):
        call_command("grant_producer_access", "ghost", "dong-a")
    get_user_model().objects.create_user("minh-tam", password="x")
    with pytest.raises(CommandError, match="Không có trang chủ thể nào có slug “khong-co”"):
        call_command("grant_producer_access", "minh-tam", "khong-co")


def test_a_producer_account_may_see_and_move_orders(demo):
    user = get_user_model().objects.get(username="dong-a")
    assert user.has_perm("storefront.view_order") and user.has_perm("storefront.change_order")
    assert not user.has_perm("storefront.view_all_orders")


def test_a_producer_uploads_and_chooses_files_only_in_its_own_collection(demo):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    images = policy_registry.get_by_type(get_image_model())
    documents = policy_registry.get_by_type(get_document_model())
    user = get_user_model().objects.get(username="dong-a")
    for policy in (images, documents):
        for action in ("add", "choose"):
            names = {c.name for c in policy.collections_user_has_permission_for(user, action)}
            assert names == {"Chủ thể: Công ty TNHH Sản xuất kinh doanh tổng hợp Đông Á"}, (policy, action)


def test_a_producer_account_may_choose_its_own_product_photos_and_no_one_elses(demo):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    user = get_user_model().objects.get(username="dong-a")
    choosable = policy_registry.get_by_type(get_image_model()).instances_user_has_permission_for(
        user, "choose"
    )
    own = ProductPage.objects.filter(producer__slug="dong-a").values_list("image_id", flat=True)
    others = ProductPage.objects.exclude(producer__slug="dong-a").values_list("image_id", flat=True)
    assert set(own) <= set(choosable.values_list("pk", flat=True))
    assert not choosable.filter(pk__in=others).exists()


def test_the_demo_account_dong_a_sees_and_may_add_only_dong_a_lots(demo, client):
    call_command("load_demo_lots", verbosity=0)
    client.force_login(get_user_model().objects.get(username="dong-a"))
    own = set(Lot.objects.filter(pack_size__product__producer__slug="dong-a").values_list("pk", flat=True))
    assert own and Lot.objects.exclude(pk__in=own).exists()

    response = client.get("/admin/lots/")
    assert response.status_code == 200
    assert response.context["paginator"].count == len(own)
    assert {lot.pk for lot in response.context["object_list"]} <= own
    choices = client.get("/admin/lots/new/").context["form"].fields["pack_size"].queryset
    assert {pack.product.producer.slug for pack in choices} == {"dong-a"}


def test_a_test_that_does_not_ask_for_the_demo_never_sees_it(db):
    """After demo tests on the same worker, the pristine test database is back."""
    assert not ProductPage.objects.exists()
    assert not get_user_model().objects.filter(username="dong-a").exists()
    assert not HomePage.objects.exists()


def test_the_demo_is_back_for_the_next_test_asking_for_it(demo):
    assert ProducerPage.objects.count() == len(data.PRODUCERS)


def test_demo_certifications_show_every_state_and_are_marked_demo(demo, client):
    from catalogue.certification import Certification, State, Status

    records = Certification.objects.all()
    assert records.exists() and not records.filter(is_demo=False).exists()
    dong_a = ProductPage.objects.get(slug="keo-dua-ca-cao").certification
    assert (dong_a.stars, dong_a.level, dong_a.decision_number) == (5, "national", "1842/QĐ-BNN-KTHT")
    statuses = {record.status() for record in records}
    assert {Status.IN_FORCE, Status.EXPIRED, Status.REVOKED, Status.SUPERSEDED} <= statuses
    upgraded = ProductPage.objects.get(slug="tra-hoa-vang").certification
    assert (upgraded.outcome, upgraded.supersedes.stars, upgraded.supersedes.state) == (
        "upgrade",
        3,
        State.SUPERSEDED,
    )
    revoked = ProductPage.objects.get(slug="keo-dua-sap")
    page = client.get(revoked.url).content.decode()
    assert "Chứng nhận OCOP đã bị thu hồi" in page


def test_the_demo_has_programme_staff_and_store_accounts(demo):
    from wagtail.models import Workflow

    from catalogue.stores import StorePage

    users = get_user_model().objects
    assert users.get(username="canbo-ocop").has_perm("catalogue.certify_product")
    assert not users.get(username="dong-a").has_perm("catalogue.certify_product")
    store_user = users.get(username="cua-hang-ben-tre")
    assert StorePage.objects.get(slug="ben-tre").permissions_for_user(store_user).can_publish()
    # Stores carry their former names as producers do (README: addresses show them).
    assert StorePage.objects.get(slug="ben-tre").former_address == "thành phố Bến Tre, tỉnh Bến Tre cũ"
    assert StorePage.objects.get(slug="luc-nam").former_address == "huyện Lục Nam, tỉnh Bắc Giang cũ"
    assert Workflow.objects.filter(name="Duyệt nội dung", workflow_pages__page__slug="chu-the").exists()


def test_the_demo_shop_has_a_hotline_that_pages_show_and_an_editors_number_is_kept(client, demo):
    from cms.models import SiteSettings

    assert "Đường dây nóng: <a" in client.get("/").content.decode()
    contact = SiteSettings.objects.get(site__is_default_site=True)
    assert contact.hotline
    contact.hotline = "0270 3822 111"
    contact.save()
    call_command("load_demo", verbosity=0)
    assert SiteSettings.objects.get(site__is_default_site=True).hotline == "0270 3822 111"
