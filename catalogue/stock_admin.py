"""Stock and prices in one place: the user's own pack sizes with stock, price and low-stock threshold
editable in place (one save for many rows), and the read-only log of every stock change."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .admin_fields import GroupedNumberInput, WholeNumberField
from .admin_views import (
    FoldedProductSearchMixin,
    LocalTimeColumn,
    ReadableExportMixin,
    ScrollingListingMixin,
    products_titled,
)
from .dashboard import is_producer_staff, own_producers
from .models import PackSize
from .pack_revisions import pending_prices
from .stock import Reason, StockMovement, stock_reason


def sees_all_stock(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("catalogue.change_packsize"))


def may_count_stock(user) -> bool:
    """Who edits stock and prices on the stock and price screen: a producer's own staff for its packs,
    and superusers. Programme staff edit every producer page to moderate it, but counting a producer's
    stock or setting its prices is not their role: the screen is not theirs."""
    return sees_all_stock(user) or is_producer_staff(user)


def own_pack_sizes(user, queryset=None):
    queryset = PackSize.objects.all() if queryset is None else queryset
    if sees_all_stock(user):
        return queryset
    if not is_producer_staff(user):
        return queryset.none()
    return queryset.filter(product__producer__in=own_producers(user))


class StockRowForm(forms.ModelForm):
    """One pack's row. Each field posts back, hidden, the value the page showed when it was loaded
    (`show_hidden_initial`): a row saves only what the user edited, and an edited stock is checked
    against the database's, which sales may have changed since."""

    class Meta:
        model = PackSize
        fields = ["price", "stock", "low_stock_threshold"]
        field_classes = dict.fromkeys(fields, WholeNumberField)  # "48.000" is 48000, as typed in Vietnam
        widgets = {
            "price": GroupedNumberInput(attrs={"class": "stock-input"}),  # "48.000", as it is typed
            "stock": forms.TextInput(attrs={"inputmode": "numeric", "class": "stock-input"}),
            "low_stock_threshold": forms.TextInput(attrs={"inputmode": "numeric", "class": "stock-input"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].show_hidden_initial = True

    def clean(self):
        # A forged or stale row id (another producer's pack) finds no instance in the user's queryset.
        if self.instance.pk is None:
            raise forms.ValidationError(_("Quy cách này không thuộc danh sách của bạn."))
        return super().clean()

    def _post_clean(self):
        # A row whose id is not among the user's own packs already failed; never validate a blank pack.
        if self.instance.pk is not None:
            super()._post_clean()

    def edited_fields(self) -> list[str]:
        return [name for name in self.changed_data if name in self.Meta.fields]

    def shown_value(self, name):
        """The value of `name` the page showed when it was loaded (None if not posted or unreadable)."""
        try:
            return self.fields[name].to_python(self.data.get(self[name].html_initial_name))
        except forms.ValidationError:
            return None


# Rows by product in Vietnamese order ("Đông trùng hạ thảo" after "Dầu dừa", not after "Trà"): the
# view's queryset is `PackSize.objects.by_product()`.
StockFormSet = forms.modelformset_factory(PackSize, form=StockRowForm, extra=0, can_delete=False)


def save_edited_rows(formset, user) -> tuple[int, dict[int, int]]:
    """Save the fields each row's user edited, in one transaction with the rows locked. A row whose
    edited stock the database no longer holds as shown (a sale, a return, another count since the page
    was loaded) is refused, not overwritten. Returns how many rows were saved, and the refused rows'
    current stock by pack id."""
    edited = sorted(
        (form for form in formset.forms if form.edited_fields()), key=lambda form: form.instance.pk
    )
    saved, refused = 0, {}
    with transaction.atomic(), stock_reason(Reason.MANUAL_COUNT, user):
        current = PackSize.objects.select_for_update().in_bulk([form.instance.pk for form in edited])
        for form in edited:
            fields, pack = form.edited_fields(), current[form.instance.pk]
            if "stock" in fields and pack.stock != form.shown_value("stock"):
                refused[pack.pk] = pack.stock
                continue
            for name in fields:
                setattr(pack, name, form.cleaned_data[name])
            pack.save(update_fields=fields)
            saved += 1
    return saved, refused


def formset_after_refusal(formset, queryset, refused: dict[int, int]):
    """The rows again for the user to review: every row shows the database's values now, except the
    refused rows' edits, kept and now compared with today's values; those rows say why."""
    data = formset.data.copy()
    fresh = PackSize.objects.in_bulk([form.instance.pk for form in formset.forms])
    for form in formset.forms:
        pack = fresh.get(form.instance.pk)
        if pack is None:
            continue
        kept = form.edited_fields() if pack.pk in refused else ()
        for name in StockRowForm.Meta.fields:
            data[form[name].html_initial_name] = str(getattr(pack, name))
            if name not in kept:
                data[form.add_prefix(name)] = str(getattr(pack, name))
    again = StockFormSet(data, queryset=queryset)
    again.is_valid()
    for form in again.forms:
        if form.instance.pk in refused:
            form.add_error(
                "stock",
                _(
                    "Tồn kho vừa thay đổi thành %(current)s từ lúc bạn mở trang (có thể do đơn hàng mới), "
                    "nên dòng này chưa được lưu. Hãy kiểm tra lại rồi bấm “Lưu tất cả”."
                )
                % {"current": refused[form.instance.pk]},
            )
    return again


def say_nothing_was_saved(request, formset) -> None:
    """A save with any invalid row saves no row (one form, one save): the page says so at its top,
    with a link to the first box in error, which in a long list or on a phone is off screen. Without
    it, a valid row's new price still in its box looked saved."""
    rows_in_error = [form for form in formset.forms if form.errors]
    message = _(
        "Chưa lưu: %(count)s dòng có lỗi, nên chưa thay đổi nào được lưu, kể cả ở các dòng đúng. Hãy sửa "
        "các dòng được đánh dấu rồi bấm “Lưu tất cả”."
    ) % {"count": len(rows_in_error) or 1}  # a formset-wide error is one
    first_box = next(
        (form[name] for form in rows_in_error for name in form.errors if name in form.fields), None
    )
    buttons = (
        [wagtail_messages.button(f"#{first_box.id_for_label}", _("Đến dòng lỗi đầu tiên"))]
        if first_box
        else []
    )
    wagtail_messages.error(request, message, buttons=buttons)


def mark_pending_prices(formset) -> None:
    """Each row's pack gets `pending_price`: a new price waiting for approval (None if there is none),
    which the row shows beside the live one, so that a producer does not take it for live."""
    packs = [form.instance for form in formset.forms if form.instance.pk]  # not a forged row's blank
    pending = pending_prices(packs)
    for pack in packs:
        pack.pending_price = pending.get(pack.pk)


def stock_prices_view(request):
    user = request.user
    if not may_count_stock(user):
        raise PermissionDenied
    queryset = own_pack_sizes(user).select_related("product").by_product()
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(
            Q(product__title__icontains=query)
            | Q(sku__icontains=query)
            | Q(product__in=products_titled(query))
        )
    formset = StockFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        saved, refused = save_edited_rows(formset, user)
        if saved:
            messages.success(request, _("Đã lưu %(count)s quy cách.") % {"count": saved})
        elif not refused:
            messages.info(request, _("Không có thay đổi nào để lưu."))
        if not refused:
            return redirect(request.get_full_path())
        messages.error(
            request,
            _(
                "%(count)s quy cách chưa được lưu vì tồn kho đã thay đổi từ lúc bạn mở trang; xem các dòng được đánh dấu."
            )
            % {"count": len(refused)},
        )
        formset = formset_after_refusal(formset, queryset, refused)
    elif request.method == "POST":
        say_nothing_was_saved(request, formset)
    mark_pending_prices(formset)
    return TemplateResponse(
        request, "catalogue/admin/stock_prices.html", {"formset": formset, "query": query}
    )


class StockMovementPolicy(ModelPermissionPolicy):
    """The log is written by the system only; it is read by whoever has the stock screen (a producer's
    own staff their own packs, superusers all): programme staff, who may edit every producer page to
    moderate it, do not read producers' stock and sales."""

    def user_has_permission(self, user, action):
        return action == "view" and may_count_stock(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


stock_movement_policy = StockMovementPolicy(StockMovement)


# Offered to the apps that own orders: `fn(user, codes)` → {order code: the order's admin URL}, for the
# codes among `codes` that `user` may open. The stock log links a sale's, cancellation's or return's
# order code with it; catalogue knows no orders.
ORDER_LINKS_HOOK = "stock_log_order_links"
ORDER_REASONS = {Reason.SALE, Reason.CANCELLATION, Reason.RETURN}


def order_links(user, movements) -> dict[str, str]:
    codes = {movement.note for movement in movements if movement.reason in ORDER_REASONS and movement.note}
    links = {}
    for hook in hooks.get_hooks(ORDER_LINKS_HOOK) if codes else ():
        links.update(hook(user, codes))
    return links


class NoteColumn(Column):
    """The note; an order's code links to the order when the viewer may open it (`order_url`)."""

    def get_value(self, instance):
        url = getattr(instance, "order_url", None)
        return format_html('<a href="{}">{}</a>', url, instance.note) if url else instance.note


class PersonColumn(Column):
    """Who made the change by name, as Wagtail names people (full name, else username); none for
    the shop's own moves (a sale, an order cancelled by its buyer or by the clock)."""

    def get_value(self, instance):
        return get_user_display_name(instance.user) if instance.user else ""


class StockMovementIndexView(FoldedProductSearchMixin, ScrollingListingMixin, ReadableExportMixin, IndexView):
    product_lookup = "pack_size__product"

    def get_table(self, object_list):
        links = order_links(self.request.user, object_list)
        for movement in object_list:
            movement.order_url = links.get(movement.note)
        return super().get_table(object_list)

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("pack_size__product", "user")
        user = self.request.user
        if sees_all_stock(user):
            return queryset
        # The policy let in no one else than a producer's own staff: their own packs' rows only.
        return queryset.filter(pack_size__product__producer__in=own_producers(user))


class StockMovementViewSet(ModelViewSet):
    model = StockMovement
    icon = "list-ul"
    menu_label = _("Nhật ký tồn kho")
    menu_order = 212
    add_to_admin_menu = True
    url_prefix = "nhat-ky-ton-kho"
    index_view_class = StockMovementIndexView
    list_display = [
        "pack_size",
        "old_stock",
        "new_stock",
        "reason",
        PersonColumn("user", label=capfirst(StockMovement._meta.get_field("user").verbose_name)),
        NoteColumn("note", label=capfirst(StockMovement._meta.get_field("note").verbose_name)),
        LocalTimeColumn(
            "created_at", label=capfirst(StockMovement._meta.get_field("created_at").verbose_name)
        ),
    ]
    list_filter = ["reason"]
    search_fields = ["pack_size__sku", "note"]
    form_fields = []

    @property
    def permission_policy(self):
        return stock_movement_policy
