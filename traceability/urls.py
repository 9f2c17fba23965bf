from django.urls import path, re_path

from pagecache.methods import POST_ONLY, SAFE, SAFE_OR_POST, answers_methods, takes_methods

from . import report_views, views

# The resolver answers OPTIONS (CORS preflight) and refuses other methods itself, with CORS headers.
GS1_METHODS = ("GET", "HEAD", "OPTIONS")

app_name = "traceability"
urlpatterns = [
    # GS1 Digital Link: /01/{gtin}, /01/{gtin}/10/{lot} and …/21/{serial}, with or without a trailing slash.
    # Anything after "01/", a newline (%0A) too ("." would not match it), so that every malformed code
    # gets the resolver's readable 400 with CORS, not the site's 404.
    re_path(r"^01(?:/(?P<rest>[\s\S]*))?$", answers_methods(*GS1_METHODS)(views.resolve), name="resolve"),
    path(
        ".well-known/gs1resolver",
        answers_methods(*GS1_METHODS)(views.resolver_description),
        name="resolver_description",
    ),
    path("lots/<int:pk>/qr.svg", takes_methods(*SAFE)(views.lot_qr_svg), name="lot_qr_svg"),
    path("lots/<int:pk>/qr.png", takes_methods(*SAFE)(views.lot_qr_png), name="lot_qr_png"),
    path("lots/<int:pk>/labels/", takes_methods(*SAFE)(views.label_sheet), name="label_sheet"),
    path(
        "lots/sheets/<int:pk>/labels/",
        takes_methods(*SAFE)(views.serial_label_sheet),
        name="serial_label_sheet",
    ),
    path(
        "truy-xuat/bao-tem-sao-chep/",
        takes_methods(*SAFE_OR_POST)(report_views.copy_report),
        name="copy_report",
    ),
    path(
        "truy-xuat/noi-kiem-tra/",
        takes_methods(*POST_ONLY)(report_views.share_first_place),
        name="share_first_place",
    ),
    path(
        "truy-xuat/noi-kiem-tra/da-chia-se/",
        takes_methods(*SAFE)(report_views.first_place_shared),
        name="first_place_shared",
    ),
]
