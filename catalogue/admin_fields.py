"""Form fields every admin form of the project shares (catalogue is the app every other one may import).

A date and time typed in Vietnam's time zone is stored in UTC: "01/01/0001 00:00" there is seven
hours before year 1 in UTC, which Python cannot represent, so the save failed with an OverflowError
(the editor got the generic "unreadable form" page). `StorableDateTimeField` turns that into an
error on the field. `use_in_admin_forms()` makes it the form field of every model DateTimeField in
Wagtail's admin forms (pages, snippets, model viewsets, site settings); plain Django forms name it
in `field_classes` or declare it.

A whole number (a price in đồng, a stock count, a number of labels) is read as Vietnamese write it:
"48.000" and "48 000" are 48000. Django's IntegerField reads "48.000" as 48 (a decimal point and
zeros): a price typed the Vietnamese way was saved a thousand times too small. `WholeNumberField`
is the form field of every model IntegerField in Wagtail's admin forms; plain forms declare it.

A many-to-many choice (a store's producers and products, a product's categories) posted with a value
that is no id ("1e9") gets a Vietnamese message: Django's own ("“1e9” is not a valid value.") has no
Vietnamese translation.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class StorableDateTimeField(forms.DateTimeField):
    default_error_messages = {
        "out_of_range": _(
            "Ngày giờ này nằm ngoài khoảng có thể lưu; hãy kiểm tra lại năm (ví dụ 10/12/2026 08:00)."
        ),
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and not storable(moment):
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return moment


def storable(moment: datetime.datetime) -> bool:
    """Whether an aware date and time converts to UTC, as every database backend stores it."""
    try:
        moment.astimezone(datetime.UTC)
    except OverflowError:
        return False
    return True


# Digits, or digits grouped by threes with dots or spaces (a no-break space too); a sign for the
# fields that take one. "4.80" or "48,5" groups nothing: refused, never guessed.
WHOLE_NUMBER = re.compile(r"-?(?:\d+|\d{1,3}(?:[. \u00a0]\d{3})+)")


class WholeNumberField(forms.IntegerField):
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Hãy nhập một số nguyên bằng chữ số, ví dụ 45000 hoặc 45.000 (không có phần lẻ)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(re.sub(r"[. \u00a0]", "", text))


INVALID_CHOICE_ID = _("“%(pk)s” không có trong danh sách để chọn; hãy tải lại trang rồi chọn lại.")


def use_in_admin_forms():
    """Called once at start-up: Wagtail's admin forms build model DateTimeFields with our field,
    keeping Wagtail's own date-time picker, whole numbers with ours, and many-to-many choices with our
    message."""
    from wagtail.admin import widgets
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(
        models.DateTimeField,
        override={"form_class": StorableDateTimeField, "widget": widgets.AdminDateTimeInput},
    )
    register_form_field_override(models.IntegerField, override={"form_class": WholeNumberField})
    register_form_field_override(
        models.ManyToManyField, override={"error_messages": {"invalid_pk_value": INVALID_CHOICE_ID}}
    )
