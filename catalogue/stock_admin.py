"""Stock and prices in one place: the user's own pack sizes with stock, price and low-stock threshold
editable in place (one save for many rows), and the read-only log of every stock change."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .dashboard import own_producers
from .models import PackSize
from .stock import Reason, StockMovement, stock_reason


def sees_all_stock(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("catalogue.change_packsize"))


def own_pack_sizes(user, queryset=None):
    queryset = PackSize.objects.all() if queryset is None else queryset
    if sees_all_stock(user):
        return queryset
    return queryset.filter(product__producer__in=own_producers(user))


class StockRowForm(forms.ModelForm):
    class Meta:
        model = PackSize
        fields = ["price", "stock", "low_stock_threshold"]
        widgets = {name: forms.NumberInput(attrs={"min": 0, "class": "stock-input"}) for name in fields}

    def clean(self):
        # A forged or stale row id (another producer's pack) finds no instance in the user's queryset.
        if self.instance.pk is None:
            raise forms.ValidationError(_("Quy cách này không thuộc danh sách của bạn."))
        return super().clean()

    def _post_clean(self):
        # A row whose id is not among the user's own packs already failed; never validate a blank pack.
        if self.instance.pk is not None:
            super()._post_clean()


StockFormSet = forms.modelformset_factory(PackSize, form=StockRowForm, extra=0, can_delete=False)


def stock_prices_view(request):
    user = request.user
    if not (sees_all_stock(user) or own_producers(user).exists()):
        raise PermissionDenied
    queryset = own_pack_sizes(user).select_related("product").order_by("product__title", "sort_order", "pk")
    query = request.GET.get("q", "").strip()
    if query:
        queryset = queryset.filter(product__title__icontains=query) | queryset.filter(sku__icontains=query)
    formset = StockFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic(), stock_reason(Reason.MANUAL_COUNT, user):
            changed = [form.save() for form in formset.forms if form.has_changed()]
        messages.success(request, _("Đã lưu %(count)s quy cách.") % {"count": len(changed)})
        return redirect(request.get_full_path())
    return TemplateResponse(
        request, "catalogue/admin/stock_prices.html", {"formset": formset, "query": query}
    )


class StockMovementPolicy(ModelPermissionPolicy):
    """The log is written by the system only; staff and producers read it (producers their own)."""

    def user_has_permission(self, user, action):
        if action != "view" or not user.is_active:
            return False
        return sees_all_stock(user) or own_producers(user).exists()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


stock_movement_policy = StockMovementPolicy(StockMovement)


class StockMovementIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("pack_size__product", "user")
        user = self.request.user
        if sees_all_stock(user):
            return queryset
        return queryset.filter(pack_size__product__producer__in=own_producers(user))


class StockMovementViewSet(ModelViewSet):
    model = StockMovement
    icon = "list-ul"
    menu_label = _("Nhật ký tồn kho")
    menu_order = 212
    add_to_admin_menu = True
    url_prefix = "nhat-ky-ton-kho"
    index_view_class = StockMovementIndexView
    list_display = ["pack_size", "old_stock", "new_stock", "reason", "user", "note", "created_at"]
    list_filter = ["reason"]
    search_fields = ["pack_size__sku", "note"]
    form_fields = []

    @property
    def permission_policy(self):
        return stock_movement_policy
