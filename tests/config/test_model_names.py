"""The admin counts and lists our records in words: "5 đơn hàng" in Vietnamese, "5 orders" in English.

Each model's plural is a message of its own (`pgettext("plural", …)`): Vietnamese says both numbers
alike, so a plural sharing the singular's message made English say "5 order", and a model without one
got Django's English "s" ("5 dòng đơn hàngs")."""

import pytest
from django.apps import apps
from django.utils import translation

from storefront.models import Order
from traceability.models import Lot

OUR_APPS = ("catalogue", "storefront", "traceability", "cms", "places")


def our_models():
    return [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]


def test_no_model_is_counted_with_an_english_s_in_the_vietnamese_admin():
    with translation.override("vi"):
        added_s = [
            model.__name__
            for model in our_models()
            if str(model._meta.verbose_name_plural) == f"{model._meta.verbose_name}s"
        ]
    assert added_s == []


@pytest.mark.parametrize(
    ("model", "singular", "plural"),
    [(Order, "order", "orders"), (Lot, "production lot", "production lots")],
)
def test_the_english_admin_counts_orders_and_lots_in_the_plural(model, singular, plural):
    """Needs the compiled English catalogue (msgctxt "plural" of "đơn hàng" → "orders")."""
    with translation.override("en"):
        assert (str(model._meta.verbose_name), str(model._meta.verbose_name_plural)) == (singular, plural)


def test_every_english_plural_is_its_own_message():
    """Needs the compiled English catalogue: a singular's words standing for the plural ("5 order")."""
    with translation.override("en"):
        same = [
            model.__name__
            for model in our_models()
            if str(model._meta.verbose_name_plural) == str(model._meta.verbose_name)
        ]
    assert same == ["SiteSettings"]  # "shop details", one word for one and many
