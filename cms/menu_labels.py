"""What the main menu, breadcrumb trails and <title> call a page. They are interface, not content: in
Vietnamese a page is called by the title its editors gave it; in another interface language the index
pages (products, producers, stores, gift sets, the programme) by their page type's translated label
(`menu_label`), so that an English visitor can tell which link leads to the gift sets. Other pages'
titles are content, and stay Vietnamese."""

from django.conf import settings
from django.utils import translation


def menu_label(page) -> str:
    """The page's untranslated label (a lazy translation, translated when shown), or "" if it has none."""
    return getattr(page, "menu_label", "") or ""


def shown_title(title: str, label) -> str:
    """`title`, or in an interface language other than Vietnamese the page's `label` if it has one."""
    if not label or translation.get_language() == settings.LANGUAGE_CODE:
        return title
    return str(label)


def page_title(page) -> str:
    """The <title> of a page: its label in another language, else its SEO title or title."""
    title = getattr(page, "seo_title", "") or getattr(page, "title", "")
    return shown_title(title, menu_label(page))
