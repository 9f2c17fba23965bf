"""The admin speaks Vietnamese to a Vietnamese user: no English from Wagtail, dates dd/mm/yyyy in
Asia/Ho_Chi_Minh, choice labels instead of raw values."""

import datetime
import gettext
import json
import re
from pathlib import Path

import pytest
import wagtail
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.users.models import UserProfile

from tests.page_tree import independent_of_the_page_tree

# Wagtail's strings that its own Vietnamese catalogue leaves in English on these pages (found by
# rendering them); locale/vi translates them.
ENGLISH = (
    "Site summary",
    "Dashboard",
    "Save draft",
    "Page 1 of 1",
    "Skip to main content",
    "Bulk actions",
    "Filter by",
    "Next",
    "Previous",
    "More actions",
    "View history",
    "Comments",
    "Content",
    "Promote",
    "Preview is out of date",
    "No publishing schedule set",
    "Visible to all",
    "Sort menu order",
    "Page type",
    "Owner",
    "Edited by",
    "Date updated",
    "Status:",
    "Wagtail upgrade available",
    "Your version:",
    "Anyone can edit this page",
    "Product",
    "None",
    "cod",
)


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in [*soup(["script", "style", "template", "noscript"]), *soup.select("[hidden]")]:
        hidden.decompose()
    return {t.strip() for t in soup.find_all(string=True) if t.strip()}


@pytest.fixture
@independent_of_the_page_tree
def vietnamese_admin(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@ocop.example", "x")
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="vi")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "page", ["dashboard", "page editor", "page listing", "pack sizes", "orders", "order"]
)
def test_the_admin_shows_no_english_to_a_vietnamese_user(
    vietnamese_admin, product, producer, place, pack, page
):
    order = place({pack: 2})
    url = {
        "dashboard": "/admin/",
        "page editor": f"/admin/pages/{product.pk}/edit/",
        "page listing": f"/admin/pages/{producer.pk}/",
        "pack sizes": "/admin/pack_sizes/",
        "orders": "/admin/don-hang/",
        "order": f"/admin/don-hang/inspect/{order.pk}/",
    }[page]
    response = vietnamese_admin.get(url)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert sorted(text & set(ENGLISH)) == []


def test_the_order_view_shows_labels_and_local_dates(vietnamese_admin, place, pack):
    order = place({pack: 2})
    placed = datetime.datetime(2026, 11, 19, 17, 30, tzinfo=datetime.UTC)  # 00:30 on the 20th in Vietnam
    type(order).objects.filter(pk=order.pk).update(created_at=placed)
    text = visible_text(vietnamese_admin.get(f"/admin/don-hang/inspect/{order.pk}/").content.decode())
    assert "20/11/2026 00:30" in text
    assert order.payment_label in text
    listing = visible_text(vietnamese_admin.get("/admin/don-hang/").content.decode())
    assert any("20/11/2026" in t for t in listing)
    assert not any("tháng 11 năm" in t for t in listing | text)
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"


def test_the_orders_list_writes_its_times_as_the_order_page_does_in_english_too(
    vietnamese_admin, place, pack
):
    order = place({pack: 2})
    placed = datetime.datetime(2026, 11, 30, 13, 52, tzinfo=datetime.UTC)
    type(order).objects.filter(pk=order.pk).update(created_at=placed)
    UserProfile.objects.update(preferred_language="en")
    listing = visible_text(vietnamese_admin.get("/admin/don-hang/").content.decode())
    assert "30/11/2026 20:52" in listing
    assert not any("Nov. 30" in t for t in listing)


def wagtails_english():
    """Every one-line string in Wagtail's own catalogues (its English source): what a screen shows
    in English when nothing translates it."""
    root = Path(wagtail.__file__).parent
    strings = set()
    for catalogue in root.glob("**/locale/en/LC_MESSAGES/django.po"):
        strings |= set(re.findall(r'^msgid "(.+)"$', catalogue.read_text(), re.MULTILINE))
    return {s.replace('\\"', '"') for s in strings}


# Written the same in Vietnamese.
SAME_IN_VIETNAMESE = {"Email", "URL", "ID", "Wagtail", "Slug", "Alt", "OK", "SEO", "Unicode", "oEmbed"}


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{producer}/",
        "/admin/pages/{product}/history/",
        pytest.param("/admin/pages/search/?q=keo", marks=pytest.mark.search_index),
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/account/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/workflows/list/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/collections/",
        "/admin/redirects/",
    ],
)
def test_no_screen_of_wagtails_admin_is_left_in_english(vietnamese_admin, product, producer, url):
    response = vietnamese_admin.get(url.format(product=product.pk, producer=producer.pk))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    labels = {element[name] for name in ("aria-label", "placeholder") for element in soup.select(f"[{name}]")}
    shown = visible_text(response.content.decode()) | labels
    assert sorted(shown & wagtails_english() - SAME_IN_VIETNAMESE) == []


@pytest.mark.parametrize(
    "catalogue", ["vi/LC_MESSAGES/django", "vi/LC_MESSAGES/djangojs", "en/LC_MESSAGES/django"]
)
def test_the_compiled_catalogues_say_what_their_sources_say(catalogue):
    # The .mo files are committed: one compiled from an older .po would quietly show older words.
    source = Path(settings.BASE_DIR) / "locale" / catalogue
    with source.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = re.findall(
        r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.+)"$',
        source.with_suffix(".po").read_text(),
        re.MULTILINE,
    )
    assert len(entries) > 40

    def translated(context, msgid):
        msgid = unquoted(msgid)
        return catalogue.pgettext(unquoted(context), msgid) if context else catalogue.gettext(msgid)

    stale = [msgid for context, msgid, msgstr in entries if translated(context, msgid) != unquoted(msgstr)]
    assert stale == []


def test_the_admins_scripts_speak_vietnamese_too(vietnamese_admin):
    script = vietnamese_admin.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL)[1])
    assert catalogue["Toggle side panel"] == "Mở/đóng khung bên"
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]


def unquoted(text):
    """A .po string's escapes (\\", \\\\, \\n, \\t) read back."""
    return re.sub(r"\\(.)", lambda escape: {"n": "\n", "t": "\t"}.get(escape[1], escape[1]), text)


def test_the_approve_and_publish_menu_items_have_their_space():
    # Wagtail's own Vietnamese reads "%(label)svà Xuất bản": "Phê chuẩnvà Xuất bản" in the footer menu.
    from django.utils import translation

    with translation.override("vi"):
        approve_and_publish = translation.gettext("%(label)s and Publish") % {"label": "Phê chuẩn"}
    assert approve_and_publish == "Phê chuẩn và xuất bản"
