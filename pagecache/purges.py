"""What each change purges, after its transaction commits.

- a product published, unpublished or moved, a price changed, a pack size sold out: the product, its
  producer, its categories, the stores that chose it on its own (their pages show its card), the pages
  listing them (their parents, home), search, the sitemap and the Google Merchant feed
  (`purge_for_products`, `purge_for_pack_sizes`);
- stock that changes without selling out: the product page only (it shows the count); stock given back
  (a cancelled order): its listings too, as a pack back from zero changes the card's price and label;
- any other page published, unpublished, moved or deleted, a site, a site setting or an image saved, a
  page's Privacy set or lifted (a whole section may leave the feed, search and the sitemap):
  everything (names, menus and pictures appear on every page) (`purge_everything`);
- a certification recorded, renewed, upgraded or revoked: the product and its listings (the badge and
  the star facets change);
- the search index updated by the worker (`purge_search_results`, from `search.tasks`): search again, as
  a search made between the commit's purge and the update cached the index as it was;
- stock taken by a sale or given back by a cancellation (`catalogue.signals.stock_changed`, sent after
  commit): as a pack size saved;
- a deploy: everything, once at the end of `manage.py migrate`, which every deploy and `make run` run
  (`purge_after_migrate`): pages rendered by the code before would otherwise outlive it for up to
  PAGE_CACHE_SECONDS, here and in Varnish.

Each purge reaches the page cache of every process sharing the cache, and Varnish (or a CDN) through
Wagtail's frontend cache invalidation when `FRONTEND_CACHE_URL` is set (see frontend.py).
"""

import logging
import threading
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from catalogue.combos import GiftComboPage
from catalogue.models import Certification, PackSize, ProductPage
from catalogue.signals import RESTOCK, stock_changed
from catalogue.stores import StorePage

from . import frontend, store

logger = logging.getLogger(__name__)

# The Google Merchant feed (catalogue/feeds.py): every pack size's price and availability, every
# combo's availability for a box. Merchant Center disapproves an item whose price or link disagrees
# with the page, so the feed goes with every change the product pages show.
MERCHANT_FEED_PATH = "/feeds/google-merchant.xml"
SEARCH_PATH = "/search/"
# Pages that list products whatever their place in the tree.
LISTING_PATHS = (SEARCH_PATH, "/sitemap.xml", MERCHANT_FEED_PATH)


def request_paths(url_paths) -> set[str]:
    """Wagtail's url_paths ("/trang-chu/chu-the/dong-a/") as the paths visitors request
    ("/chu-the/dong-a/"), for every site whose root holds them."""
    roots = Site.get_site_root_paths()
    paths = set()
    for url_path in url_paths:
        for root in roots:
            if url_path.startswith(root.root_path):
                paths.add(url_path[len(root.root_path) - 1 :])
    return paths


def _parent(url_path: str) -> str:
    return url_path.rstrip("/").rsplit("/", 1)[0] + "/"


def purge_paths(paths) -> None:
    """Purge these request paths (every language and query string of each) now."""
    paths = set(paths)
    if paths:
        store.purge_tags(paths)
        frontend.purge_paths(paths)


def purge_everything() -> None:
    store.purge_tags([store.ALL])
    frontend.purge_everything()


def purge_search_results() -> None:
    """Every search results page (each query string), once the search index has changed. The index is
    updated by the worker after the commit that purged search: results cached in between are stale."""
    purge_paths({SEARCH_PATH})


def purge_pages(pages) -> None:
    """Purge these pages' own URLs (nothing that lists them)."""
    purge_paths(request_paths(page.url_path for page in pages))


def product_paths(product_ids, *, listings=True) -> set[str]:
    products = ProductPage.objects.filter(pk__in=product_ids).select_related("producer")
    if not listings:
        return request_paths(products.values_list("url_path", flat=True))
    url_paths = set()
    for product in products.prefetch_related("categories"):
        url_paths.add(product.url_path)
        if product.producer_id:
            url_paths |= {product.producer.url_path, _parent(product.producer.url_path)}
        for category in product.categories.all():
            url_paths |= {category.url_path, _parent(category.url_path)}
    url_paths |= set(StorePage.objects.filter(products__in=product_ids).values_list("url_path", flat=True))
    paths = request_paths(url_paths)
    return paths | ({"/", *LISTING_PATHS} if paths else set())


def purge_for_products(product_ids, *, listings=True) -> None:
    """A product's page, its GTINs' pages (/01/…, lot pages) and, with `listings`, every page that
    shows it as a card."""
    product_ids = list(product_ids)
    if not product_ids:
        return
    gtins = PackSize.objects.filter(product_id__in=product_ids).values_list("gtin", flat=True)
    store.purge_tags(f"gtin:{gtin}" for gtin in gtins)
    purge_paths(product_paths(product_ids, listings=listings) | combo_paths(product_ids))


def combo_paths(product_ids) -> set[str]:
    """The gift combos holding a pack of these products, the list of combos and the merchant feed: a
    box's price, saving, how many boxes the stock makes and whether it can be bought all come from its
    packs (a sale that leaves a pack too few for a box sells the box out, though not the pack)."""
    combos = GiftComboPage.objects.filter(components__pack_size__product_id__in=product_ids)
    url_paths = set(combos.values_list("url_path", flat=True))
    paths = request_paths(url_paths | {_parent(url_path) for url_path in url_paths})
    return paths | ({MERCHANT_FEED_PATH} if paths else set())


def purge_for_pack_sizes(pack_size_ids, restocked=False) -> None:
    """After stock or price moved: the products' pages; their listings too when a pack sold out or
    stock came back (the card's "from" price is its cheapest pack in stock, the card says "Hết hàng",
    the in-stock facet counts it: all of them move when a pack runs out or returns from zero)."""
    rows = PackSize.objects.filter(pk__in=list(pack_size_ids)).values_list("product_id", "stock")
    products = {product_id for product_id, _stock in rows}
    listed = products if restocked else {product_id for product_id, stock in rows if stock == 0}
    purge_for_products(products - listed, listings=False)
    purge_for_products(listed, listings=True)


_bulk = threading.local()


@contextmanager
def paused():
    """For bulk loads (the synthetic catalogue): no purge per object saved, one of everything at the
    end. Purging thousands of products one by one costs more than inserting them."""
    _bulk.depth = getattr(_bulk, "depth", 0) + 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        if not _bulk.depth:
            purge_everything()


def _paused() -> bool:
    return getattr(_bulk, "depth", 0) > 0


def after_commit(function, *args, **kwargs):
    if not _paused():
        transaction.on_commit(lambda: function(*args, **kwargs))


# --- Receivers -----------------------------------------------------------------------------------------


def purge_after_migrate(sender, **kwargs):
    """post_migrate, connected for one app only (apps.py) so that it runs once per migrate command. A
    deploy's new templates and code change pages that no save touched (a number's format, a link, a
    label), so the pages cached by the code before go. A cache that cannot be reached does not fail a
    migrate that has done its work: its entries expire by themselves (PAGE_CACHE_SECONDS)."""
    try:
        purge_everything()
    except Exception as error:  # noqa: BLE001 (said in one line; the deploy goes on)
        logger.warning("page cache not purged after migrate: %s: %s", type(error).__name__, error)


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, ProductPage):
        after_commit(purge_for_products, [instance.pk])
    else:
        after_commit(purge_everything)


@receiver(post_page_move)
def _page_moved(sender, instance, **kwargs):
    after_commit(purge_everything)


@receiver(post_delete)
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        after_commit(purge_everything)


@receiver(post_save, sender=PackSize)
@receiver(post_delete, sender=PackSize)
def _pack_size_changed(sender, instance, **kwargs):
    # Saved from the product's edit form, the stock screen or code; the price or the stock shown moved.
    after_commit(purge_for_products, [instance.product_id], listings=True)


@receiver(post_save)
@receiver(post_delete)
def _site_wide_change(sender, instance, created=False, **kwargs):
    if isinstance(instance, BaseSiteSetting) and created:
        return  # made with its defaults on first use: nothing shown changes
    if isinstance(instance, Site | BaseSiteSetting | PageViewRestriction | get_image_model()):
        after_commit(purge_everything)


@receiver(stock_changed)
def _stock_moved(sender, pack_size_ids, reason=None, **kwargs):
    # Sent after commit, for sales and cancellations too (guarded updates send no model signal). Stock
    # given back may have been at zero: its listings cannot tell, so they are purged.
    if not _paused():
        purge_for_pack_sizes(pack_size_ids, restocked=reason == RESTOCK)


@receiver(post_save, sender=Certification)
def _certification_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.product_id:
        after_commit(purge_for_products, [instance.product_id], listings=True)
