"""The communes of one province as JSON, for the province selects' script (places/static/places/
communes.js): the checkout's (storefront) and the admin's address forms (places.forms)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .codes import parse_code
from .forms import communes_of


def communes(request):
    """`?province=86` → {"communes": [{"code": 29584, "label": "An Bình (xã)"}, …]} in Vietnamese
    order, labelled as the form's own choices (places.forms.communes_of); a 400 for what is no code, a
    404 for a province that does not exist. Each URL that serves it says its methods."""
    code = parse_code(request.GET.get("province"))
    if code is None:
        return JsonResponse({"error": _("Mã tỉnh/thành phố không hợp lệ.")}, status=400)
    choices = communes_of(code)
    if not choices:
        return JsonResponse({"error": _("Không tìm thấy tỉnh/thành phố.")}, status=404)
    response = JsonResponse({"communes": [{"code": c, "label": label} for c, label in choices]})
    response["Cache-Control"] = "public, max-age=86400"
    return response
