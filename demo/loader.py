"""Build the demo storefront from `data.py`, idempotently: what exists (matched by slug under its
parent, or by title for images and usernames) is kept as it is, so running it twice creates nothing
new and never overwrites an editor's changes."""

import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from catalogue.certification import Certification, Outcome, State, load_records
from catalogue.combos import GiftComboComponent, GiftComboIndexPage, GiftComboPage
from catalogue.gtin import normalize_gtin, with_check_digit
from catalogue.models import (
    CategoryIndexPage,
    CategoryPage,
    PackSize,
    ProducerIndexPage,
    ProducerPage,
    ProductPage,
)
from catalogue.origin import host_and_port, site_url
from catalogue.permissions import (
    grant_producer_access,
    producer_collection,
    producer_editors,
    programme_staff_group,
    store_editors,
)
from catalogue.stores import StoreIndexPage, StorePage
from catalogue.text import ascii_slug
from cms.models import HomePage, SiteSettings, StandardPage
from places.models import Commune, Province
from search import indexing

from . import data
from .images import draw_product_image

DEMO_COLLECTION = "Ảnh minh hoạ (demo)"


@dataclass
class LoadReport:
    created: int = 0
    kept: int = 0

    def count(self, created: bool):
        if created:
            self.created += 1
        else:
            self.kept += 1


def steps():
    """Units of work, for the progress bar: categories, producers, products, and the site around them."""
    return 6 + len(data.CATEGORIES) + sum(1 + len(p.products) for p in data.PRODUCERS)


def ensure_child(parent, model, slug, report, **fields):
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        report.count(False)
        return existing
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    report.count(True)
    return page


def ensure_home(report):
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="OCOP Việt",
                slug="trang-chu",
                hero_title="Sản phẩm OCOP – tinh hoa mỗi miền quê",
                hero_text="Kẹo dừa Bến Tre, trà hoa vàng Lục Nam, đặc sản Trà Vinh: sản phẩm đạt 3 đến 5 sao "
                "OCOP, truy xuất được từng lô bằng mã QR trên bao bì.",
            )
        )
        home.save_revision().publish()
        report.count(True)
    else:
        report.count(False)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = host_and_port(site_url())
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="OCOP Việt"
        )
    elif site.root_page_id != home.id:
        old_root = site.root_page
        site.root_page, site.site_name = home, "OCOP Việt"
        site.save()
        # Wagtail's placeholder welcome page has no content of ours: remove it so the tree stays clean.
        if type(old_root.specific) is Page and not old_root.get_children().exists():
            old_root.delete()
    return home


# Invented, like every demo value: 1800 (toll-free) with a number no operator hands out. Pages that
# tell a buyer to call show it (the footer, the order lookup's limit, an order that can no longer be
# cancelled online).
DEMO_HOTLINE = "1800 0000"


def ensure_contact(home):
    """The shop's hotline, unless an editor has set one (Settings → Thông tin cửa hàng)."""
    site = Site.objects.filter(root_page=home).first()
    if site is None:
        return
    contact, _created = SiteSettings.objects.get_or_create(site=site)
    if not contact.hotline:
        contact.hotline = DEMO_HOTLINE
        contact.save(update_fields=["hotline"])


def ensure_image(title, colour, report):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    collection = Collection.get_first_root_node()
    demo = collection.get_children().filter(name=DEMO_COLLECTION).first() or collection.add_child(
        name=DEMO_COLLECTION
    )
    content = draw_product_image(title, colour)
    return Image.objects.create(
        title=title, collection=demo, file=ImageFile(io.BytesIO(content), name=f"{ascii_slug(title)}.png")
    )


def pack_sizes_for(producer, product_number, product):
    packs = []
    for pack_number, pack in enumerate(product.packs):
        item_reference = f"{product_number:03d}{pack_number:02d}"
        packs.append(
            PackSize(
                label=pack.label,
                sku=f"{producer.slug[:8].upper()}-{product_number:02d}{pack_number}",
                gtin=normalize_gtin(with_check_digit(producer.company_prefix + item_reference)),
                price=pack.price,
                stock=pack.stock,
                is_demo=True,
                sort_order=pack_number,
            )
        )
    return packs


def ensure_product(producer_page, producer, number, product, categories, report):
    existing = ProductPage.objects.child_of(producer_page).filter(slug=product.slug).first()
    if existing is not None:
        report.count(False)
        return existing
    colour = categories[product.categories[0]].colour
    page = ProductPage(
        slug=product.slug,
        title=product.title,
        summary=product.summary,
        description=f"<p>{product.summary}</p>",
        image=ensure_image(product.title, colour, report),
        ingredients=product.ingredients,
        shelf_life=product.shelf_life,
        storage=product.storage,
        categories=[categories[slug].page for slug in product.categories],
        pack_sizes=pack_sizes_for(producer, number, product),
    )
    producer_page.add_child(instance=page)
    page.tags.add(*product.tags)
    page.save()
    page.save_revision().publish()
    ensure_certifications(page, product)
    report.count(True)
    return page


def ensure_certifications(page, product):
    """The product's decisions as records: earlier ones superseded by the one in force; a revoked example.
    Every decision number and date is invented (the seeds name none) and so marked as demo."""
    if page.certifications.exists():
        return
    earlier = [
        {"stars": stars, "decision_number": number, "decision_date": datetime.date.fromisoformat(date)}
        for number, date, stars in product.earlier
    ]
    current = {
        "stars": product.stars,
        "potential_five": product.potential_five,
        "level": product.level,
        "decision_number": product.decision[0],
        "decision_date": datetime.date.fromisoformat(product.decision[1]),
    }
    if product.earlier:
        current["outcome"] = Outcome.UPGRADE if product.stars > product.earlier[-1][2] else Outcome.RENEWAL
    if product.revoked:
        current.update(state=State.REVOKED, revocation_reason=product.revoked, revoked_at=timezone.now())
    previous = None
    for fields in [*earlier, current]:
        if previous is not None:
            Certification.objects.filter(pk=previous.pk).update(state=State.SUPERSEDED)
            fields["supersedes"] = previous
        (previous,) = load_records([(page, {**fields, "is_demo": True})])


def story_blocks(story):
    blocks = []
    for kind, text in story:
        if kind == "heading":
            blocks.append(("heading", {"text": text}))
        elif kind == "paragraph":
            blocks.append(("paragraph", f"<p>{text}</p>"))
        elif kind == "figure":
            value, caption = text.split("|", 1)
            blocks.append(("figure", {"value": value, "caption": caption}))
        elif kind == "quote":
            quote, attribution = text.split("|", 1)
            blocks.append(("quote", {"quote": quote, "attribution": attribution}))
    return blocks


def ensure_producer(index, producer, report):
    commune = Commune.objects.filter(pk=producer.commune).first() if producer.commune else None
    return ensure_child(
        index,
        ProducerPage,
        producer.slug,
        report,
        title=producer.title,
        kind=producer.kind,
        summary=producer.summary,
        province=Province.objects.get(pk=producer.province),
        commune=commune,
        street_address=producer.street,
        former_address=producer.former,
        craft_village=producer.craft_village,
        founded_year=producer.founded,
        image=ensure_image(producer.title, (31, 111, 67), report),
        story=story_blocks(producer.story),
        is_demo=True,
    )


def ensure_stores(home, producer_pages, report):
    index = ensure_child(
        home,
        StoreIndexPage,
        "cua-hang",
        report,
        title="Cửa hàng OCOP",
        show_in_menus=True,
        intro="Nơi xem, nếm thử và mua sản phẩm OCOP tận tay.",
    )
    by_slug = {page.slug: page for page in producer_pages}
    for store in data.STORES:
        page = ensure_child(
            index,
            StorePage,
            store.slug,
            report,
            title=store.title,
            province=Province.objects.get(pk=store.province),
            commune=Commune.objects.filter(pk=store.commune).first(),
            street_address=store.street,
            former_address=store.former,
            opening_hours=store.opening_hours,
            description=store.description,
            producers=[by_slug[slug] for slug in store.producers if slug in by_slug],
            is_demo=True,
        )
        if not page.former_address:  # a demo loaded before stores had their former names
            page.former_address = store.former
            page.save_revision().publish()


def ensure_programme_page(home, report):
    page_data = data.PROGRAMME_PAGE
    body = [("paragraph", f"<p>{text}</p>") for text in page_data["paragraphs"]]
    body += [("figure", {"value": value, "caption": caption}) for value, caption in page_data["figures"]]
    body += [("programme_figures", None)]  # the live figures, computed from the catalogue
    return ensure_child(
        home,
        StandardPage,
        page_data["slug"],
        report,
        title=page_data["title"],
        intro=page_data["intro"],
        body=body,
        show_in_menus=True,
    )


def ensure_combos(home, report):
    """The gift combos, built from the demo's own pack sizes (found by producer, product and label)."""
    index = ensure_child(
        home,
        GiftComboIndexPage,
        data.COMBO_INDEX["slug"],
        report,
        title=data.COMBO_INDEX["title"],
        intro=data.COMBO_INDEX["intro"],
        show_in_menus=True,
    )
    for combo in data.COMBOS:
        if GiftComboPage.objects.child_of(index).filter(slug=combo.slug).exists():
            report.count(False)
            continue
        components = []
        for producer_slug, product_slug, label, quantity in combo.components:
            pack = PackSize.objects.get(
                product__slug=product_slug, product__producer__slug=producer_slug, label=label
            )
            components.append(GiftComboComponent(pack_size=pack, quantity=quantity))
        story = [("paragraph", f"<p>{combo.story}</p>")] if combo.story else []
        ensure_child(
            index,
            GiftComboPage,
            combo.slug,
            report,
            title=combo.title,
            summary=combo.summary,
            price=combo.price,
            image=ensure_image(combo.title, combo.colour, report),
            story=story,
            components=components,
            is_demo=True,
        )


DEMO_ACCOUNTS = ("admin", "dong-a", "canbo-ocop", "cua-hang-ben-tre")


class PublishedPassword(Exception):
    """The demo accounts would get the password printed in the README, on a site that is not a
    developer's machine."""

    def __init__(self):
        super().__init__(
            f"DEMO_ADMIN_PASSWORD is the published demo password ({settings.DEMO_PUBLISHED_PASSWORD}),"
            " which anyone can read: set DEMO_ADMIN_PASSWORD to a password of your own,"
            " or load the demo without accounts (manage.py load_demo --no-accounts)"
        )


def refuse_published_password() -> None:
    """Stop before loading anything: with DEBUG off and a real DJANGO_SECRET_KEY (a deployment, the
    production-like stack), accounts with the published password would let anyone into the admin, as a
    superuser. `make run` (the development key) keeps its documented admin / ocop-demo-2026."""
    if not settings.DEVELOPMENT and settings.DEMO_ADMIN_PASSWORD == settings.DEMO_PUBLISHED_PASSWORD:
        raise PublishedPassword


def ensure_accounts(producer_pages):
    """A superuser, a producer account that may edit only its own pages, a programme-staff account
    that alone records certifications, and a store account that runs one store page."""
    User = get_user_model()
    password = settings.DEMO_ADMIN_PASSWORD
    retire_the_published_password(User, password)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@ocop.example", password)
    dong_a = next((p for p in producer_pages if p.slug == "dong-a"), None)
    if dong_a and not User.objects.filter(username="dong-a").exists():
        user = User.objects.create_user("dong-a", "dong-a@ocop.example", password, first_name="Đông Á")
        grant_producer_access(user, dong_a)
    if not User.objects.filter(username="canbo-ocop").exists():
        user = User.objects.create_user(
            "canbo-ocop", "canbo@ocop.example", password, first_name="Cán bộ OCOP"
        )
        user.groups.add(programme_staff_group())
    store = StorePage.objects.filter(slug="ben-tre").first()
    if store and not User.objects.filter(username="cua-hang-ben-tre").exists():
        user = User.objects.create_user(
            "cua-hang-ben-tre", "cuahang@ocop.example", password, first_name="Cửa hàng OCOP Bến Tre"
        )
        user.groups.add(store_editors(store))


def retire_the_published_password(User, password: str) -> None:
    """Demo accounts made with the published password (by a first `make run` on the same database) take
    the password set now: once DEMO_ADMIN_PASSWORD is one's own, the README's must no longer open the
    admin. An account whose owner changed its password keeps theirs."""
    if password == settings.DEMO_PUBLISHED_PASSWORD:
        return
    for user in User.objects.filter(username__in=DEMO_ACCOUNTS):
        if user.check_password(settings.DEMO_PUBLISHED_PASSWORD):
            user.set_password(password)
            user.save(update_fields=["password"])


def file_pictures_with_their_producers(producer_pages):
    """Each demo producer's picture and its products' in the producer's own collection: a producer's
    account chooses images only from there, so in the demo collection its own product photos were out
    of its reach. Only pictures still in the demo collection move; one an editor filed elsewhere stays."""
    demo = Collection.objects.filter(name=DEMO_COLLECTION).first()
    if demo is None:
        return
    for page in producer_pages:
        pictures = [page.image_id, *ProductPage.objects.child_of(page).values_list("image_id", flat=True)]
        collection = producer_collection(page)
        for image in get_image_model().objects.filter(pk__in=pictures, collection=demo):
            image.collection = collection
            image.save(update_fields=["collection"])


@dataclass
class _Category:
    page: CategoryPage
    colour: tuple[int, int, int]


def load_demo(progress=None, accounts: bool = True) -> LoadReport:
    """The demo catalogue; with `accounts`, the demo's sign-in accounts too (refused with the published
    password outside a developer's machine: PublishedPassword, raised before anything is written).

    The product search index is paused while it loads, its commit included (stock changes reach the
    index after commit), and rebuilt once at the end: each save queued an index update of its own
    before, 7 to 11 a product, each purging the search pages, which kept the worker busy for minutes
    after `make run`. The admin's search (Wagtail's index) follows each save as usual."""
    with indexing.paused(admin_search=False):
        report = _load(progress, accounts)
    indexing.reindex()
    return report


@transaction.atomic
def _load(progress, accounts: bool) -> LoadReport:
    if accounts:
        refuse_published_password()
    report = LoadReport()

    def step():
        if progress is not None:
            progress.update(1)

    home = ensure_home(report)
    ensure_contact(home)
    step()
    category_index = ensure_child(
        home,
        CategoryIndexPage,
        "san-pham",
        report,
        title="Sản phẩm",
        show_in_menus=True,
        intro="Sản phẩm OCOP từ 3 đến 5 sao, theo nhóm.",
    )
    categories = {}
    for category in data.CATEGORIES:
        page = ensure_child(
            category_index,
            CategoryPage,
            category.slug,
            report,
            title=category.title,
            intro=category.intro,
            image=ensure_image(f"Danh mục {category.title}", category.colour, report),
        )
        categories[category.slug] = _Category(page, category.colour)
        step()
    producer_index = ensure_child(
        home,
        ProducerIndexPage,
        "chu-the",
        report,
        title="Chủ thể OCOP",
        show_in_menus=True,
        intro="Doanh nghiệp, hợp tác xã, tổ hợp tác, hộ kinh doanh và làng nghề đứng sau mỗi sản phẩm.",
    )
    step()
    producer_pages = []
    for producer in data.PRODUCERS:
        producer_page = ensure_producer(producer_index, producer, report)
        producer_pages.append(producer_page)
        step()
        for number, product in enumerate(producer.products, start=1):
            ensure_product(producer_page, producer, number, product, categories, report)
            step()
    ensure_stores(home, producer_pages, report)
    step()
    ensure_programme_page(home, report)
    step()
    ensure_combos(home, report)
    step()
    for page in producer_pages:
        producer_editors(page)
    if accounts:
        ensure_accounts(producer_pages)
    file_pictures_with_their_producers(producer_pages)
    step()
    return report
