"""A buyer on a keyboard picks a province and a commune at checkout by typing its name: every option
leads with the name ("Vĩnh Long (tỉnh)", "Bến Nghé (phường)"), in Vietnamese order, while the order's
address keeps its usual wording ("Tỉnh Vĩnh Long")."""

import time

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from places.collation import vietnamese_key
from places.models import Commune
from storefront.models import Order
from tests.conftest import in_a_browser
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db

DESKTOP = {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False}


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 1)
    return pack


def options(page, select) -> list[str]:
    soup = BeautifulSoup(page.content, "html.parser")
    return [option.text for option in soup.select(f"#id_{select} option") if option["value"]]


def test_the_commune_list_leads_with_each_name_with_or_without_javascript(client, filled_cart, province):
    chosen = client.post(reverse("storefront:checkout"), {"province": province.pk, "choose_province": "1"})
    listed = options(chosen, "commune")
    assert listed == sorted(listed, key=vietnamese_key)
    assert not any(label.startswith(("Xã ", "Phường ")) for label in listed)
    assert {label.rsplit(" (", 1)[1] for label in listed} == {"xã)", "phường)"}
    data = client.get(reverse("storefront:communes"), {"province": province.pk}).json()["communes"]
    assert [commune["label"] for commune in data] == listed


def test_the_order_keeps_the_usual_wording_of_its_address(
    client, filled_cart, checkout_data, province, commune, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placed = send_checkout(client, checkout_data)
    order = Order.objects.get()
    assert "Tỉnh Vĩnh Long" in placed.content.decode()
    assert "Vĩnh Long (tỉnh)" not in placed.content.decode()
    assert "Tỉnh Vĩnh Long" in mailoutbox[0].body
    assert order.commune.name in mailoutbox[0].body


# A select's type-ahead forgets what was typed after a second without a key (Chromium's
# TypeAhead, 1000 ms): a person types a name well within it.
TYPE_AHEAD_MEMORY = 1.0


def type_keys(page, text) -> float:
    """Key by key, each with its letter, as a Vietnamese keyboard (Unikey, an OS layout) sends "ĩ".
    Playwright's keyboard.type() inserts a letter outside the US layout as text, without the key press
    a select's type-ahead listens to (and its press() knows no such key), so through DevTools. Returns
    the longest wait between two keys."""
    devtools = page.context.new_cdp_session(page)
    longest, last = 0.0, None
    for letter in text:
        now = time.monotonic()
        if last is not None:
            longest = max(longest, now - last)
        last = now
        devtools.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": letter, "text": letter})
        devtools.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": letter})
    devtools.detach()
    return longest


def type_into(page, select, text) -> str:
    """The value `select` takes when `text` is typed on it as a person types: a try whose keys came
    slower than the type-ahead remembers (a loaded test machine) is typed again, after the select has
    forgotten it; what a try typed in time picked is the answer."""
    for _attempt in range(5):
        page.focus(select)
        time.sleep(TYPE_AHEAD_MEMORY * 1.2)  # nothing of an earlier try left in its memory
        if type_keys(page, text) < TYPE_AHEAD_MEMORY * 0.8:
            return page.input_value(select)
    pytest.fail(f"the machine never sent {text!r} in time for the type-ahead in five tries")


@in_a_browser
def test_typing_a_province_and_a_commune_on_a_keyboard_picks_them(
    live_server, open_phone, product, shipping, province
):
    page = open_phone(**DESKTOP)
    page.goto(live_server.url + product.url)
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    page.goto(live_server.url + reverse("storefront:checkout"))

    assert type_into(page, "#id_province", "Vĩnh Long") == str(province.pk)

    commune = Commune.objects.filter(province=province, name__startswith="Phường ").order_by("name").last()
    page.locator(f'#id_commune option[value="{commune.pk}"]').wait_for(state="attached")
    assert type_into(page, "#id_commune", commune.name.removeprefix("Phường ")) == str(commune.pk)
