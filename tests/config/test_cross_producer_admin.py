"""Producer A's account, over every admin URL pattern that takes an object (pages, lots, certificates,
orders, pack sizes, images, documents, collections, revisions, choosers, the admin API, bulk actions,
reports), filled with producer B's objects: never a 5xx, never B's private data on the page, and B's
objects unchanged after A's POSTs."""

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.models import PackSize
from catalogue.permissions import grant_producer_access, producer_collection
from places.models import Province
from storefront.checkout import place_order
from storefront.models import Order, ShippingSettings
from storefront.payments import get_provider
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import Certificate, CopyReport, Lot

# The admin's usage pages read the reference index, its search boxes and choosers the search index:
# keep both as production does.
pytestmark = [pytest.mark.reference_index, pytest.mark.search_index]

# B's data that A must never see (all of it is admin-only: drafts, buyers, lot and file records).
SECRETS = [
    "NHAP-BI-MAT-B",
    "Khách Bí Mật B",
    "LOBIMATB",
    "CNBIMATB",
    "ANH-BI-MAT-B",
    "TAILIEU-BI-MAT-B",
    "BAOCAO-BI-MAT-B",
]


def admin_patterns():
    """(name, route) of every admin URL pattern, namespaces included."""

    def walk(resolver, prefix, namespace):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = (
                    ":".join(filter(None, [namespace, pattern.namespace])) if pattern.namespace else namespace
                )
                yield from walk(pattern, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield (
                    ":".join(filter(None, [namespace, pattern.name])),
                    prefix + str(pattern.pattern),
                    pattern,
                )

    return [(name, route, p) for name, route, p in walk(get_resolver(), "", "") if route.startswith("admin/")]


@pytest.fixture
def world(home, producer_index, producer, product, db):
    """A's producer (the shared fixtures' Đông Á) and producer B with private things of every kind."""
    other = ProducerPageFactory(parent=producer_index, title="HTX Mỹ Lồng", slug="my-long")
    b_product = ProductPageFactory(parent=other, title="Bánh tráng sữa", slug="banh-trang-sua")
    b_product.title = "NHAP-BI-MAT-B"
    revision = b_product.save_revision()  # a draft: only B's editors may read it
    b_pack = PackSizeFactory(product=b_product, label="Gói 500g", stock=20)
    b_lot = LotFactory(pack_size=b_pack, code="LOBIMATB")
    b_cert = CertificateFactory(lot=b_lot, number="CNBIMATB")
    b_report = CopyReport.objects.create(
        lot=b_lot, details="BAOCAO-BI-MAT-B", photo=ContentFile(b"\xff\xd8BAOCAO-BI-MAT-B", name="tem.jpg")
    )
    collection = producer_collection(other)
    image = wagtail_factories.ImageFactory(title="ANH-BI-MAT-B", collection=collection)
    document = get_document_model().objects.create(title="TAILIEU-BI-MAT-B", collection=collection)
    province = Province.objects.get(code=86)
    shipping, _ = ShippingSettings.objects.get_or_create(site=home.get_site())
    order = place_order(
        quantities={b_pack.pk: 1},
        seen_prices={b_pack.pk: b_pack.price},
        details={
            "full_name": "Khách Bí Mật B",
            "phone": "+84912345678",
            "email": "",
            "province": province,
            "commune": province.communes.first(),
            "street": "1 Lê Lợi",
            "note": "",
        },
        provider=get_provider("cod"),
        shipping=shipping,
    )
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.com", "pw")
    grant_producer_access(user, producer)
    b_user = get_user_model().objects.create_user("my-long", "my-long@example.com", "pw")
    b_group = grant_producer_access(b_user, other)
    return {
        "user": user,
        "pages": [other.pk, b_product.pk],
        "revision": revision.pk,
        "pack": b_pack,
        "lot": b_lot,
        "cert": b_cert,
        "report": b_report,
        "image": image,
        "document": document,
        "order": order,
        "collection": collection.pk,
        "b_user": b_user.pk,
        "b_group": b_group.pk,
        "b_product": b_product,
    }


def candidates(name, world):
    """B's object ids for the URL's object argument, chosen by the viewset the URL belongs to."""
    table = [
        ("lots", [world["lot"].pk]),
        ("certificates", [world["cert"].pk]),
        ("copyreports", [world["report"].pk]),
        ("storefront_order", [world["order"].pk]),
        ("pack_sizes", [world["pack"].pk]),
        ("images", [world["image"].pk]),
        ("docs", [world["document"].pk]),
        ("documents", [world["document"].pk]),
        ("collections", [world["collection"]]),
        ("users_users", [world["b_user"]]),
        ("users_groups", [world["b_group"]]),
    ]
    for key, ids in table:
        if key in name:
            return ids
    return world["pages"]


def fill(pattern, value, world):
    """kwargs for a pattern: the object id where it takes one, plausible values elsewhere."""
    names = list(pattern.pattern.regex.groupindex)
    kwargs = {}
    for arg in names:
        if arg in ("revision_id",):
            kwargs[arg] = world["revision"]
        elif arg == "revision_id_a":
            kwargs[arg] = "earliest"
        elif arg == "revision_id_b":
            kwargs[arg] = "latest"
        elif arg in ("content_type_app_name", "app_label", "app_name"):
            kwargs[arg] = "catalogue"
        elif arg in ("content_type_model_name", "model_name"):
            kwargs[arg] = "productpage"
        elif arg in ("action", "action_name"):
            kwargs[arg] = "delete"
        elif arg == "target":
            kwargs[arg] = "cancelled"
        elif arg == "filter_spec":
            kwargs[arg] = "original"
        elif arg in ("uidb64", "token", "object_id"):
            kwargs[arg] = str(value)
        else:
            kwargs[arg] = value
    return kwargs


def urls_for_b(world):
    seen = set()
    for name, _route, pattern in admin_patterns():
        if not pattern.pattern.regex.groupindex:
            continue
        for value in candidates(name, world):
            try:
                url = reverse(name, kwargs=fill(pattern, value, world))
            except NoReverseMatch:
                continue
            if url not in seen:
                seen.add(url)
                yield name, url


# Wagtail's page chooser lists every page, with its latest (draft) title, so that an editor can link
# to any page; the move confirmation names the page, and the page-types report names the last edited
# page of each type. Known and left for now (see the README): page titles only, nothing else, there.
SHOWS_PAGE_TITLES = ("/admin/choose-page/", "/move/", "/admin/reports/page-types-usage/")


def leaks(response, url):
    if response.status_code >= 500:
        return [f"{url}: {response.status_code}"]
    body = response.content.decode(errors="replace")
    secrets = SECRETS[1:] if any(part in url for part in SHOWS_PAGE_TITLES) else SECRETS
    return [f"{url} ({response.status_code}) shows {secret}" for secret in secrets if secret in body]


def assert_nothing_of_b(response, url):
    assert not leaks(response, url)


def test_producer_a_opening_every_admin_url_with_producer_bs_objects_sees_nothing_of_b(client, world):
    client.force_login(world["user"])
    urls = list(urls_for_b(world))
    assert len(urls) > 80
    found = []
    for _name, url in urls:
        found += leaks(client.get(url), url)
        found += leaks(client.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest"), url)
    assert found == [], "\n".join(found)


def test_listings_searches_choosers_and_reports_show_nothing_of_b(client, world):
    client.force_login(world["user"])
    plain = [
        reverse(name)
        for name, route, pattern in admin_patterns()
        if not pattern.pattern.regex.groupindex
        and not any(w in route for w in ("logout", "login", "password"))
    ]
    found = []
    for url in plain:
        for query in ({}, {"q": "BI-MAT"}, {"q": "LOBIMA"}, {"q": "Khách"}):
            found += leaks(client.get(url, query), url)
    assert found == [], "\n".join(found)


def test_producer_a_posting_to_every_admin_url_of_bs_objects_changes_nothing_of_b(client, world):
    client.force_login(world["user"])
    for _name, url in urls_for_b(world):
        assert client.post(url, {"next": "/admin/"}).status_code < 500, url
    ids = [world["pack"].pk]
    for app, model in [("wagtailcore", "page"), ("wagtailimages", "image"), ("wagtaildocs", "document")]:
        for action in ("delete", "unpublish", "move", "add_to_collection", "add_tags"):
            url = f"/admin/bulk/{app}/{model}/{action}/"
            object_ids = (
                world["pages"] if model == "page" else [world[{"image": "image"}.get(model, "document")].pk]
            )
            query = "&".join(f"id={i}" for i in object_ids)
            response = client.post(f"{url}?{query}", {"next": "/admin/"})
            assert response.status_code < 500, url
    product = world["b_product"]
    product.refresh_from_db()
    assert product.live
    assert PackSize.objects.filter(pk__in=ids).exists()
    assert Lot.objects.filter(pk=world["lot"].pk, code="LOBIMATB").exists()
    assert Certificate.objects.filter(pk=world["cert"].pk).exists()
    assert CopyReport.objects.filter(pk=world["report"].pk, details="BAOCAO-BI-MAT-B").exists()
    assert get_image_model().objects.filter(pk=world["image"].pk, title="ANH-BI-MAT-B").exists()
    assert get_document_model().objects.filter(pk=world["document"].pk).exists()
    order = Order.objects.get(pk=world["order"].pk)
    assert order.state == world["order"].state
