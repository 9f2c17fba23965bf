"""The main navigation: the home page's live children shown in menus, cached per site for every
language (an index page's label is kept untranslated and translated when shown, cms/menu_labels.py)."""

from django.core.cache import cache
from wagtail.models import Page, Site

from .menu_labels import menu_label, shown_title

NAV_CACHE_KEY = "navigation:{site_id}"


def navigation(request):
    site = Site.find_for_request(request)
    if site is None:
        return {"nav_pages": [], "site_root_url": "/"}
    key = NAV_CACHE_KEY.format(site_id=site.pk)
    nav = cache.get(key)
    if nav is None:
        root = site.root_page
        # child_of, not root.get_children(): the site may come from the page cache's store with its
        # root page as it was then, and treebeard answers "no children" for a root that had none.
        children = Page.objects.child_of(root).live().in_menu().specific()
        nav = {
            "nav_pages": [{"title": p.title, "label": menu_label(p), "url": p.url} for p in children],
            "site_root_url": root.url,
        }
        cache.set(key, nav, 600)
    # A page without a label of its own is called by its title, which is content (Vietnamese).
    items = [
        {**item, "title": shown_title(item["title"], item["label"]), "content": not item["label"]}
        for item in nav["nav_pages"]
    ]
    return {**nav, "nav_pages": items}
