from django.urls import path
from django.views.decorators.http import require_safe
from wagtail import hooks

from .views import communes

SAFE = ("GET", "HEAD")


def takes_safe_methods(view):
    """Django's `require_safe`, the methods also declared as pagecache.methods.takes_methods records
    them (`http_methods`), so that a 405 names them; places imports no app of ours (DESIGN.md)."""
    checked = require_safe(view)
    checked.http_methods = SAFE
    return checked


@hooks.register("register_admin_urls")
def register_communes_url():
    # The admin's own address of the communes' list (places.forms), so the admin's address forms need
    # no URL of the storefront's; the checkout serves the same view at /thanh-toan/xa-phuong/.
    return [path("xa-phuong/", takes_safe_methods(communes), name="places_communes")]
