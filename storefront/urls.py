from django.urls import path

from pagecache.methods import SAFE, takes_methods
from places.views import communes

from . import combo_views, order_views, views
from .cart_targets import opened_shows_the_cart

app_name = "storefront"
urlpatterns = [
    path("gio-hang/", views.cart_view, name="cart"),
    path("gio-hang/them/", opened_shows_the_cart(views.cart_add), name="cart_add"),
    path("gio-hang/cap-nhat/", opened_shows_the_cart(views.cart_update), name="cart_update"),
    path("gio-hang/xoa/", opened_shows_the_cart(views.cart_remove), name="cart_remove"),
    path("gio-hang/goi-qua/them/", opened_shows_the_cart(combo_views.combo_add), name="combo_add"),
    path("gio-hang/goi-qua/cap-nhat/", opened_shows_the_cart(combo_views.combo_update), name="combo_update"),
    path("gio-hang/goi-qua/xoa/", opened_shows_the_cart(combo_views.combo_remove), name="combo_remove"),
    path("thanh-toan/", views.checkout, name="checkout"),
    path("thanh-toan/xa-phuong/", takes_methods(*SAFE)(communes), name="communes"),
    path("don-hang/<slug:token>/", views.order_view, name="order"),
    path("don-hang/<slug:token>/huy/", views.order_cancel, name="order_cancel"),
    path("tra-cuu-don-hang/", order_views.order_lookup, name="order_lookup"),
    path("webhooks/<slug:identifier>/", views.provider_webhook, name="provider_webhook"),
    # Kept for Stripe dashboards configured before /webhooks/stripe/ existed: the same view.
    path("stripe/webhook/", views.provider_webhook, {"identifier": "stripe"}, name="stripe_webhook"),
]
