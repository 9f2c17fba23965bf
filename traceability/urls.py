from django.urls import path, re_path

from . import report_views, views

app_name = "traceability"
urlpatterns = [
    # GS1 Digital Link: /01/{gtin}, /01/{gtin}/10/{lot} and …/21/{serial}, with or without a trailing slash.
    # Anything after "01/", a newline (%0A) too ("." would not match it), so that every malformed code
    # gets the resolver's readable 400 with CORS, not the site's 404.
    re_path(r"^01(?:/(?P<rest>[\s\S]*))?$", views.resolve, name="resolve"),
    path(".well-known/gs1resolver", views.resolver_description, name="resolver_description"),
    path("lots/<int:pk>/qr.svg", views.lot_qr_svg, name="lot_qr_svg"),
    path("lots/<int:pk>/qr.png", views.lot_qr_png, name="lot_qr_png"),
    path("lots/<int:pk>/labels/", views.label_sheet, name="label_sheet"),
    path("lots/sheets/<int:pk>/labels/", views.serial_label_sheet, name="serial_label_sheet"),
    path("truy-xuat/bao-tem-sao-chep/", report_views.copy_report, name="copy_report"),
    path("truy-xuat/noi-kiem-tra/", report_views.share_first_place, name="share_first_place"),
]
