"""Admin forms of catalogue pages."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.pages import CopyForm

from places.forms import CommunesOfTheChosenProvince

from . import copying
from .gtin import short_gtin


def protected_by_other_records(instance) -> bool:
    """Whether rows of another app point at `instance` through a PROTECT/RESTRICT foreign key (a
    traceability lot at a pack size), found through the model's reverse relations so the catalogue
    needs no import of the apps that protect it."""
    return any(
        getattr(instance, relation.get_accessor_name()).exists()
        for relation in type(instance)._meta.related_objects
        if relation.on_delete in (models.PROTECT, models.RESTRICT) and not relation.many_to_many
    )


SHOWN_PRICE = "shown_price"


class InlineRowsKnowTheUser:
    """Gives each inline row (a gallery photo, a lot event) the admin form's `for_user`: Wagtail's
    inline panels do not pass it on, and a row's image field needs it to offer only the user's own
    photos (admin_fields.OwnFileChoiceField)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for formset in self.formsets.values():
            for form in [*formset.forms, formset.empty_form]:
                form.for_user = self.for_user


DEMO_MARK = "is_demo"


def may_mark_demo_data(user) -> bool:
    """Whether `user` is offered the "Dữ liệu minh hoạ" mark: the demo loader's and the site's own staff's
    (superusers). Ticked by a producer, a store or programme staff, it would label real goods, lots and
    certificates as made up on the public pages."""
    return user is not None and user.is_active and user.is_superuser


class DemoMarkForSuperusers:
    """Leaves the "Dữ liệu minh hoạ" box (`is_demo`) out of the form and its inline rows (a product's
    pack sizes) for anyone but a superuser (may_mark_demo_data). A field left out of a model form is not
    written, so their save keeps the mark the record has; Wagtail hides the panel of a missing field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if may_mark_demo_data(getattr(self, "for_user", None)):
            return
        rows = [row for formset in self.formsets.values() for row in [*formset.forms, formset.empty_form]]
        for form in [self, *rows]:
            form.fields.pop(DEMO_MARK, None)


class StorePageForm(CommunesOfTheChosenProvince, DemoMarkForSuperusers, WagtailAdminPageForm):
    """A store names the producers and products it carries among live ones: a product still in draft
    (its title unannounced) is neither listed nor accepted. One already named stays valid, so that a
    product taken offline meanwhile does not block the store's next edit."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("producers", "products"):
            field = self.fields.get(name)
            if field is not None:
                chosen = [getattr(item, "pk", item) for item in self.initial.get(name) or ()]
                field.queryset = field.queryset.filter(models.Q(live=True) | models.Q(pk__in=chosen))


class ProducerPageForm(
    CommunesOfTheChosenProvince, DemoMarkForSuperusers, InlineRowsKnowTheUser, WagtailAdminPageForm
):
    """Programme staff's "được đăng trực tiếp" takes effect when they save the form, not when a revision
    is published: every revision keeps the live mark (ProducerPage.with_content_json), so that a producer
    cannot get it back by reverting to, or resubmitting, a revision saved while it was trusted."""

    def save(self, commit=True):
        page = super().save(commit=commit)
        if "trusted_publisher" in self.fields and page.pk is not None:
            from .moderation import set_trusted_publisher

            set_trusted_publisher(page, self.cleaned_data["trusted_publisher"])
        return page


class ProductPageForm(DemoMarkForSuperusers, InlineRowsKnowTheUser, WagtailAdminPageForm):
    """Refuses to delete a pack size that has lots, or to change its GTIN: the row shows why and stays
    on the form. Shows a saved pack's stock without editing it: stock is live inventory, counted on the
    stock and price screen, and publishing keeps the database's (catalogue.pack_revisions)."""

    protected_pack_size_message = _("Quy cách này đã có lô sản xuất nên không thể xoá; hãy đặt tồn kho về 0.")
    protected_gtin_message = _(
        "Quy cách này đã có lô sản xuất nên không thể đổi mã GTIN: mã QR in trên các lô sẽ không mở "
        "được nữa. Hãy giữ mã %(gtin)s, hoặc thêm một quy cách mới với mã mới."
    )
    live_stock_help = _("Tồn kho của quy cách đã lưu được sửa ở trang “Tồn kho và giá”.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("pack_sizes")
        forms_shown = formset.forms if formset is not None else ()
        live_prices = self._saved_values(forms_shown, "price")
        for form in forms_shown:
            if form.instance.pk is not None and "stock" in form.fields:
                form.fields["stock"].disabled = True
                form.fields["stock"].help_text = self.live_stock_help
            if form.instance.pk is not None and "price" in form.fields:
                # Posts back, hidden, the live price when the page was opened, so the revision can tell
                # the editor's change from a change made on the stock and price screen since. The live
                # price, not the row's: the row may show a saved draft's price, whose change must still
                # count as the producer's when the draft is submitted later.
                # (A field of its own: Wagtail's panels render a field's widget only, never Django's
                # `show_hidden_initial` input; fields no panel claims are rendered as they are.)
                form.fields[SHOWN_PRICE] = forms.IntegerField(
                    widget=forms.HiddenInput, required=False, initial=live_prices.get(form.instance.pk)
                )

    def save(self, commit=True):
        page = super().save(commit=commit)
        page.shown_prices = self.shown_prices()
        return page

    def shown_prices(self) -> dict[int, int]:
        """The live price of each saved pack when the editor was opened, by pack id."""
        formset = self.formsets.get("pack_sizes")
        shown = {}
        for form in formset.forms if formset is not None else ():
            value = getattr(form, "cleaned_data", {}).get(SHOWN_PRICE)
            if form.instance.pk is not None and value is not None:
                shown[form.instance.pk] = value
        return shown

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("pack_sizes")
        forms = formset.forms if formset is not None else ()
        saved_gtins = self._saved_values(forms, "gtin")
        for form in forms:
            form.full_clean()
            self._refuse_gtin_change_after_lots(form, saved_gtins.get(form.instance.pk))
            if not (formset.can_delete and form.cleaned_data.get("DELETE")) or form.instance.pk is None:
                continue
            if protected_by_other_records(form.instance):
                # Kept rather than deleted: its error now fails the formset, and it renders visible again.
                form.cleaned_data["DELETE"] = False
                form.data = form.data.copy()
                form.data[form.add_prefix("DELETE")] = ""
                form.add_error(None, self.protected_pack_size_message)
        return cleaned_data

    @staticmethod
    def _saved_values(forms, field: str) -> dict:
        """The `field` each saved pack holds in the database, by pack id (the form's own may come from
        a draft)."""
        saved = [form.instance for form in forms if form.instance.pk is not None]
        if not saved:
            return {}
        model = type(saved[0])
        return dict(model.objects.filter(pk__in=[pack.pk for pack in saved]).values_list("pk", field))

    def _refuse_gtin_change_after_lots(self, form, saved_gtin) -> None:
        # The model's clean has normalised the GTIN typed (8/12/13 digits → 14) onto the instance.
        if saved_gtin is None or "gtin" in form.errors or form.instance.gtin == saved_gtin:
            return
        if protected_by_other_records(form.instance):
            form.add_error("gtin", self.protected_gtin_message % {"gtin": short_gtin(saved_gtin)})


class GiftComboPageForm(DemoMarkForSuperusers, WagtailAdminPageForm):
    pass


# Choices of Wagtail's copy form that would put a copied product live at once.
GOING_LIVE = ("publish_copies", "alias")


class ProductCopyForm(CopyForm):
    """Wagtail's copy form for products and the pages above them: a copied product is a draft until it
    has its own pack sizes (catalogue/copying.py), so its form offers neither publishing nor an alias,
    and a page copied with products among its subpages may not take either."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if copying.is_product(self.page):
            for name in GOING_LIVE:
                self.fields.pop(name, None)

    def clean(self):
        cleaned_data = super().clean()
        chosen = [name for name in GOING_LIVE if cleaned_data.get(name)]
        if chosen and copying.copies_a_product(self.page, recursive=bool(cleaned_data.get("copy_subpages"))):
            for name in chosen:
                self.add_error(name, copying.NOT_LIVE_WITHOUT_PACK_SIZES)
        return cleaned_data
