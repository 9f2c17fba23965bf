from django.urls import path, re_path

from . import views

app_name = "traceability"
urlpatterns = [
    # GS1 Digital Link: /01/{gtin} and /01/{gtin}/10/{lot}, with or without a trailing slash.
    re_path(r"^01(?:/(?P<rest>.*))?$", views.resolve, name="resolve"),
    path(".well-known/gs1resolver", views.resolver_description, name="resolver_description"),
    path("lots/<int:pk>/qr.svg", views.lot_qr_svg, name="lot_qr_svg"),
    path("lots/<int:pk>/qr.png", views.lot_qr_png, name="lot_qr_png"),
    path("lots/<int:pk>/labels/", views.label_sheet, name="label_sheet"),
]
