"""Form fields every admin form of the project shares (catalogue is the app every other one may import).

A date and time typed in Vietnam's time zone is stored in UTC: "01/01/0001 00:00" there is seven
hours before year 1 in UTC, which Python cannot represent, so the save failed with an OverflowError
(the editor got the generic "unreadable form" page). `StorableDateTimeField` turns that into an
error on the field, as it does a moment more than `YEARS_AHEAD` years ahead (below: a page's
publication on 31/12/9999). `use_in_admin_forms()` makes it the form field of every model
DateTimeField in Wagtail's admin forms (pages, snippets, model viewsets, site settings); plain Django
forms name it in `field_classes` or declare it.

Nothing the admin schedules (a page's publication, a recall's start or end) is planned more than
`YEARS_AHEAD` years ahead: a date past that is a mistyped year (31/12/9999 for 31/12/2026), and one at
the calendar's very end has no next day for Python to count to. `furthest_ahead()` is that limit.

A whole number (a price in đồng, a stock count, a number of labels) is read as Vietnamese write it:
"48.000" and "48 000" are 48000. Django's IntegerField reads "48.000" as 48 (a decimal point and
zeros): a price typed the Vietnamese way was saved a thousand times too small. `WholeNumberField`
is the form field of every model IntegerField in Wagtail's admin forms; plain forms declare it.

A many-to-many choice (a store's producers and products, a product's categories) posted with a value
that is no id ("1e9") gets a Vietnamese message: Django's own ("“1e9” is not a valid value.") has no
Vietnamese translation.
"""

import datetime
import functools
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import SlugInput

from places.choices import choice_label
from places.collation import sort_by_name, sort_places
from places.models import Commune, Province

from .money import group_thousands, without_currency


class StorableDateTimeField(forms.DateTimeField):
    default_error_messages = {
        "out_of_range": _(
            "Ngày giờ này nằm ngoài khoảng có thể lưu; hãy kiểm tra lại năm (ví dụ 10/12/2026 08:00)."
        ),
        "too_far_ahead": _(
            "Ngày giờ này quá xa: chỉ chọn được trong vòng %(years)s năm tới (muộn nhất %(latest)s); hãy "
            "kiểm tra lại năm."
        ),
    }

    # A form whose model bounds the moment more tightly, with words of its own (a lot event, which
    # has happened, is never after today), turns this off on its field.
    bounded_ahead = True

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None and not storable(moment):
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        if moment is not None and self.bounded_ahead and too_far_ahead(timezone.localdate(moment)):
            raise ValidationError(
                self.error_messages["too_far_ahead"],
                code="too_far_ahead",
                params={"years": YEARS_AHEAD, "latest": furthest_ahead().strftime("%d/%m/%Y")},
            )
        return moment


def storable(moment: datetime.datetime) -> bool:
    """Whether an aware date and time converts to UTC, as every database backend stores it."""
    try:
        moment.astimezone(datetime.UTC)
    except OverflowError:
        return False
    return True


YEARS_AHEAD = 10


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day (or moment) `years` later; 29 February becomes 28 February in a year without it,
    and a day past year 9999 the calendar's last (Python counts no further)."""
    year = day.year + years
    if year > datetime.MAXYEAR:
        return day.replace(year=datetime.MAXYEAR, month=12, day=31)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def furthest_ahead() -> datetime.date:
    """The last day (in Việt Nam) the admin schedules anything for."""
    return years_after(timezone.localdate(), YEARS_AHEAD)


def too_far_ahead(day: datetime.date) -> bool:
    return day > furthest_ahead()


def native_date_input():
    """The browser's own date box, as every date of the admin's forms about products, lots and
    certificates uses: it shows the date the Vietnamese way (dd/mm/yyyy on a Vietnamese browser), never
    rewrites what was typed, and posts an ISO date. (Wagtail's text date picker replaced a typed
    "2026-11-10" with today's date when the box lost focus.)"""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def native_datetime_input():
    """The browser's own date-and-time box; see `native_date_input`."""
    return forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})


# Digits, or digits grouped by threes with dots or spaces (a no-break space too); a sign for the
# fields that take one. "4.80" or "48,5" groups nothing: refused, never guessed.
WHOLE_NUMBER = re.compile(r"-?(?:\d+|\d{1,3}(?:[. \u00a0]\d{3})+)")


# The largest whole number any of our columns stores (a 64-bit integer), and its number of digits.
MAX_STORED = 2**63 - 1
MAX_DIGITS = len(str(MAX_STORED))


class WholeNumberField(forms.IntegerField):
    """`example`: the number the "invalid" message shows written both ways (a price by default); a
    form counting something else gives its own, and its own words in `error_messages["invalid"]`
    with the same `%(example)s` and `%(grouped)s`."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _(
            "Hãy nhập một số nguyên bằng chữ số, ví dụ %(example)s hoặc %(grouped)s (không có phần lẻ)."
        ),
        "too_big": _("Số quá lớn. Hãy kiểm tra lại số đã nhập."),
    }

    def __init__(self, *args, example: int = 45_000, **kwargs):
        self.example = example
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = without_currency(str(value))  # "45 000 ₫" is 45 000, as the search's price box reads it
        if not WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(
                self.error_messages["invalid"],
                code="invalid",
                params={"example": self.example, "grouped": group_thousands(self.example)},
            )
        digits = re.sub(r"[. \u00a0]", "", text)
        sign, digits = (-1, digits[1:]) if digits.startswith("-") else (1, digits)
        digits = digits.lstrip("0") or "0"
        # Past what a 64-bit column holds, one message, given before int() (which raises ValueError on
        # more than 4300 digits: the editor lost the whole form) and before the model's range
        # validator would add a raw "Giá trị phải nhỏ hơn hoặc bằng 9223372036854775807.".
        if len(digits) > MAX_DIGITS or int(digits) > MAX_STORED:
            raise ValidationError(self.error_messages["too_big"], code="max_value")
        return sign * int(digits)


class GroupedNumberInput(forms.TextInput):
    """A whole-number box that shows a saved number grouped the Vietnamese way ("48.000", as people
    read and type prices; WholeNumberField reads it back), and what the user typed as typed."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return group_thousands(value)
        return super().format_value(value)


# What a user may pick an image or a document for: the actions Wagtail's own choosers list them for.
CHOOSE_ACTIONS = ["choose", "change"]


class OwnFileChoiceField(forms.ModelChoiceField):
    """An image or document foreign key in an admin form: only the files the user may choose (its
    producer's collection; everything for staff with the permission), so an id typed into the post
    (another producer's private photo) gets "Hãy chọn một lựa chọn hợp lệ" on the field instead of
    being saved and shown in the preview. The file the object already holds stays valid, so that a
    photo staff picked from a shared collection never blocks the producer's next edit.

    The user is the admin form's `for_user` (Wagtail passes it to every admin form and inline row);
    a form without one keeps the whole queryset."""

    def get_bound_field(self, form, field_name):
        user = getattr(form, "for_user", None)
        if user is not None and getattr(self, "limited_for", None) is not user:
            self.queryset = choosable(user, self.queryset, form.initial.get(field_name))
            self.limited_for = user
        return super().get_bound_field(form, field_name)


def choosable(user, queryset, current=None):
    from wagtail.permissions import policy_registry

    allowed = policy_registry.get_by_type(queryset.model).instances_user_has_any_permission_for(
        user, CHOOSE_ACTIONS
    )
    wanted = Q(pk__in=allowed.values("pk"))
    if isinstance(current, int):
        wanted |= Q(pk=current)
    return queryset.filter(wanted)


def list_in_vietnamese_order(field: forms.ModelChoiceField) -> None:
    """The field's options in Vietnamese alphabetical order of their labels ("Đông Á" after "Dầu dừa",
    not after "Z" as the database sorts); the queryset still says which values the form accepts."""
    chosen = sort_by_name(field.queryset, name=field.label_from_instance)
    empty = [] if field.empty_label is None else [("", field.empty_label)]
    field.choices = [
        *empty,
        *((field.prepare_value(item), field.label_from_instance(item)) for item in chosen),
    ]


class InPlaceNameOrder(forms.models.ModelChoiceIterator):
    """Provinces or communes as a buyer finds them at checkout: by the name after "Tỉnh", "Xã"…, in
    Vietnamese order ("Cà Mau" before "Cao Bằng", "Đắk Lắk" after "Đà Nẵng", not after "Vĩnh Long")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for place in sort_places(self.queryset, name=str):
            yield self.choice(place)


class PlaceChoiceField(forms.ModelChoiceField):
    """Each place led by its name, "Vĩnh Long (tỉnh)", so that typing it picks it (places.choices)."""

    iterator = InPlaceNameOrder

    def label_from_instance(self, obj):
        return choice_label(obj.name)


def use_own_files_in_admin_forms():
    """Image and document foreign keys of admin forms use `OwnFileChoiceField`, with Wagtail's chooser
    widgets. Called while the admin's viewsets are registered (catalogue/wagtail_hooks.py), i.e. once
    every app is ready, after Wagtail's own chooser viewsets: Wagtail's image app registers its widget
    for these keys in its `ready()` and the document chooser viewset when it is registered, and a later
    registration replaces an earlier one. Model viewsets build their form classes once every viewset
    is registered, after this; page forms per request."""
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.documents import get_document_model
    from wagtail.documents.widgets import AdminDocumentChooser
    from wagtail.images import get_image_model
    from wagtail.images.widgets import AdminImageChooser

    for model, widget in (
        (get_image_model(), AdminImageChooser),
        (get_document_model(), AdminDocumentChooser),
    ):
        register_form_field_override(
            models.ForeignKey, to=model, override={"form_class": OwnFileChoiceField, "widget": widget}
        )


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
    for place in (Province, Commune):
        register_form_field_override(models.ForeignKey, to=place, override={"form_class": PlaceChoiceField})
    register_form_field_override(
        models.ManyToManyField, override={"error_messages": {"invalid_pk_value": INVALID_CHOICE_ID}}
    )


# Letters that no Unicode decomposition reduces to a plain one.
_UNDECOMPOSABLE = {"đ": "d", "Đ": "D"}
# Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional, where Vietnamese's letters are.
_LATIN_BLOCKS = (range(0x00C0, 0x0250), range(0x1E00, 0x1F00))


@functools.cache
def editor_formatters() -> list[tuple[str, str]]:
    """For the editor's script: one (character class, plain letter) pair per plain letter, upper and
    lower case apart, covering every accented Latin letter of the blocks Vietnamese uses."""
    by_letter: dict[str, list[str]] = {}
    for character in map(chr, (code for block in _LATIN_BLOCKS for code in block)):
        plain = _UNDECOMPOSABLE.get(character) or unicodedata.normalize("NFD", character)[0]
        if plain != character and plain.isascii() and plain.isalpha():
            by_letter.setdefault(plain, []).append(character)
    return [(f"[{''.join(characters)}]", plain) for plain, characters in sorted(by_letter.items())]


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug box, folding Vietnamese letters before it makes the slug from the title."""

    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(attrs, formatters=[*(formatters or []), *editor_formatters()], locale=locale)


def use_vietnamese_slugs_in_admin_forms() -> None:
    """Every admin form's slug box (pages' and snippets') folds Vietnamese letters: registered for the
    exact field class, which wins over Wagtail's own registration whichever comes first."""
    register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput}, exact_class=True)
