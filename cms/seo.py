"""What a page says about itself to search engines and to Zalo/Facebook/Twitter when it is shared.

One function builds it from the page (or, for views that are not pages, from the request) so that the
one template include (`includes/meta.html`) stays logic-free. Absolute URLs use the Wagtail Site's root URL.
A view or page says what its fields cannot through its template context (`SaidInContext`): a lot's page
its title, what the lot is, its product's picture and its Digital Link; the cart its own line.
"""

import html
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils.encoding import escape_uri_path
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from catalogue import tree
from catalogue.combos import GiftComboPage
from catalogue.models import ProductPage, from_price
from catalogue.privacy import publicly_listed
from catalogue.renditions import rendition_or_none

from .menu_labels import page_title
from .middleware import LANGUAGE_PARAMETER

DESCRIPTION_LENGTH = 160
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg"  # JPEG: Zalo and older crawlers do not read WebP
# Open Graph's product:availability, as the page's JSON-LD offers say it (InStock, OutOfStock).
IN_STOCK, OUT_OF_STOCK = "in stock", "out of stock"
# Open Graph names a language with its territory.
OG_LOCALES = {"vi": "vi_VN", "en": "en_US"}
# A listing's page number: page 2 is a page of its own, with its own products (Google no longer reads
# rel=prev/next, and a canonical pointing at page 1 tells it to drop the products of the later pages).
PAGE_PARAMETER = "page"
# The children of a page without a picture looked at for one (in the tree's order) before the flagship.
BORROWED_FROM_CHILDREN = 24


@dataclass
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str = "website"
    image: ShareImage | None = None
    alternates: list[tuple[str, str]] = field(default_factory=list)
    price: int | None = None
    availability: str = ""  # IN_STOCK or OUT_OF_STOCK for a page that sells something
    locale: str = OG_LOCALES[settings.LANGUAGE_CODE]
    alternate_locales: list[str] = field(default_factory=list)
    noindex: bool = False


@dataclass
class SaidInContext:
    """What the page's template context says of it, each part optional: `meta_title` (the title a share
    shows), `meta_description`, `meta_canonical` (the absolute URL to share and index instead of the
    request's: a package's page names its lot's), `meta_image_of` (the page whose picture is shared: a
    lot's product) and `meta_noindex`. Set by a view, a page's get_context, or a template
    (`{% translate "…" as meta_description %}` in its `meta` block, before `{{ block.super }}`)."""

    title: str = ""
    description: str = ""
    canonical: str = ""
    image_of: Page | None = None
    noindex: bool = False

    @classmethod
    def from_context(cls, context) -> "SaidInContext":
        return cls(
            title=str(context.get("meta_title") or ""),
            description=str(context.get("meta_description") or ""),
            canonical=str(context.get("meta_canonical") or ""),
            image_of=context.get("meta_image_of"),
            noindex=bool(context.get("meta_noindex")),
        )


def site_root_url(request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    return (site.root_url if site else settings.SITE_URL).rstrip("/")


def default_description(page, said: str = "") -> str:
    """search_description first, else what the page's context says (a store's name, address and goods),
    else the page's own short text (a product's summary), else the shop's line."""
    texts = [getattr(page, "search_description", ""), said]
    texts += [getattr(page, attribute, "") for attribute in ("summary", "intro", "hero_text", "hero_title")]
    for text in texts:
        if text := one_line(text):
            return text
    return site_description()


def one_line(text) -> str:
    """Text as a description: no tags, spaces collapsed, at most DESCRIPTION_LENGTH characters. HTML (a
    template's `{% translate … as %}`, escaped) is read as the text it shows, escaped again once shown."""
    shown = strip_tags(str(text or ""))
    if isinstance(text, SafeData):
        shown = html.unescape(shown)
    shown = " ".join(shown.split())
    return Truncator(shown).chars(DESCRIPTION_LENGTH) if shown else ""


def site_description() -> str:
    return _(
        "Sản phẩm OCOP – Mỗi xã một sản phẩm: đặc sản được công nhận 3 đến 5 sao, mua trực tiếp từ chủ thể."
    )


def share_image(page, root: str, request=None) -> ShareImage | None:
    """The page's own picture. A kind of page that has none (home, index pages, stores, editorial pages)
    borrows its first child's, else the flagship product's: the first the home page features (most
    stars, newest), remembered per version of the page tree so that it costs no query. A product or
    producer whose picture is missing is shared without one, never with another's."""
    if hasattr(page, "image"):
        return _rendered(page.image, page.title, root) if page.image is not None else None
    found = tree.remember_for(request, "share-image", str(page.pk), lambda: _borrowed_image(page, root))
    return found or None  # False: remembered as none


def _borrowed_image(page, root: str) -> ShareImage | bool:
    # child_of, not get_children(): treebeard answers "no children" for a page whose numchild is stale.
    for child in publicly_listed(Page.objects.child_of(page)).specific()[:BORROWED_FROM_CHILDREN]:
        image = getattr(child, "image", None)
        if image is not None:
            return _rendered(image, child.title, root) or False
    products = publicly_listed(ProductPage.objects).exclude(image=None)
    flagship = products.by_stars("-pk").select_related("image").first()
    return (flagship and _rendered(flagship.image, flagship.title, root)) or False


def _rendered(image, title: str, root: str) -> ShareImage | None:
    rendition = rendition_or_none(image, SHARE_IMAGE_SPEC)
    if rendition is None:  # its file is missing from storage: share the page without a picture
        return None
    url = rendition.url if rendition.url.startswith("http") else root + rendition.url
    return ShareImage(url=url, width=rendition.width, height=rendition.height, alt=rendition.alt or title)


def alternates(canonical: str) -> list[tuple[str, str]]:
    """hreflang links: Vietnamese at the plain URL (also x-default), other languages with ?lang=."""
    links = [("x-default", canonical)]
    separator = "&" if "?" in canonical else "?"
    for code, _name in settings.LANGUAGES:
        links.append(
            (
                code,
                canonical
                if code == settings.LANGUAGE_CODE
                else f"{canonical}{separator}{LANGUAGE_PARAMETER}={code}",
            )
        )
    return links


def in_shown_language(url: str) -> str:
    """`url` as the page's own language version: a link shared from an English page opens in English
    for the friend it is sent to (who has no language cookie), as the page's og:url says."""
    return dict(alternates(url))[shown_language()]


def shown_language() -> str:
    """The language the page is rendered in (the cookie's choice, or ?lang=)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in OG_LOCALES else settings.LANGUAGE_CODE


def with_page_number(url: str, number: int) -> str:
    if number <= 1:
        return url
    return f"{url}{'&' if '?' in url else '?'}{urlencode({PAGE_PARAMETER: number})}"


def shared_offer(page, pack_sizes) -> tuple[int | None, bool] | None:
    """The price a page that sells something is shared with, and whether it can be bought now, as its
    JSON-LD offers it: a product from its cheapest pack in stock, a gift box at its own price while
    its goods make one. None for a page that sells nothing."""
    if isinstance(page, ProductPage):
        packs = list(pack_sizes or ())
        return from_price(packs), any(pack.in_stock for pack in packs)
    if isinstance(page, GiftComboPage):
        return page.price, page.is_available
    return None


def page_meta(
    request,
    page=None,
    title: str = "",
    pack_sizes=None,
    page_number: int = 1,
    said: SaidInContext | None = None,
) -> PageMeta:
    """The page's tags in the language it is shown in: the canonical of `?lang=en` is itself (as its
    hreflang="en" says), a listing's page 2 is its own canonical, and the shared title is the <title>'s
    (an index page's English name on its English version)."""
    said = said or SaidInContext()
    root = site_root_url(request)
    if page is not None and getattr(page, "url_path", None):
        url = page.get_url(request=request) or "/"
        canonical = url if url.startswith("http") else root + url
        meta = PageMeta(
            title=page_title(page),  # as <title> reads: an index page's label in English
            description=default_description(page, said.description),
            canonical=canonical,
            image=share_image(page, root, request),
        )
        if (offer := shared_offer(page, pack_sizes)) is not None:
            meta.og_type = "product"
            meta.price, in_stock = offer
            meta.availability = IN_STOCK if in_stock else OUT_OF_STOCK
    else:
        # As a URL, never the decoded path: "/%00/" would put a raw NUL byte into the HTML.
        path = escape_uri_path(request.path) if request is not None else "/"
        query = request.GET.get("q", "") if request is not None else ""
        canonical = said.canonical or root + path + (f"?{urlencode({'q': query})}" if query else "")
        meta = PageMeta(
            title=said.title or title,
            description=one_line(said.description) or site_description(),
            canonical=canonical,
            image=share_image(said.image_of, root, request) if said.image_of is not None else None,
        )
    meta.noindex = said.noindex
    meta.alternates = alternates(with_page_number(meta.canonical, page_number))
    language = shown_language()
    meta.canonical = dict(meta.alternates)[language]  # in_shown_language, from the list made anyway
    meta.locale = OG_LOCALES[language]
    meta.alternate_locales = [locale for code, locale in OG_LOCALES.items() if code != language]
    return meta
