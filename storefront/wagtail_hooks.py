"""Orders in the Wagtail admin: list with filters, search by code or phone, an inspect view with the
lines and the payment ledger, buttons that move an order through the state machine, and each
producer's part of an order (its lines, subtotal and state) with buttons to confirm and ship it."""

import unicodedata

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Case, Exists, F, OuterRef, Q, Sum, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from catalogue.admin_views import (
    LocalTimeColumn,
    ProducerScopedEditView,
    ProducerScopedIndexView,
    ProducerScopedInspectView,
    ProducerScopedViewSet,
    products_titled,
)
from catalogue.money import format_vnd
from catalogue.permission_policies import (
    ProducerScopedPermissionPolicy,
    editable_producer_pages,
    limit_to_producers,
)
from catalogue.stock_admin import ORDER_LINKS_HOOK
from pagecache.methods import POST_ONLY, SAFE_OR_POST, takes_methods
from traceability.models import Lot
from traceability.permissions import SEE_ALL as SEE_ALL_LOTS
from traceability.recalls import REACH_HOOK

from . import fulfilment, orders
from .errors import TransitionError
from .forms import (
    DeliveryPlaceChoices,
    ShopCancelForm,
    commune_field,
    email_field,
    full_name_field,
    note_field,
    phone_field,
    province_field,
    street_field,
)
from .models import Order, OrderLine, OrderState, code_part, folded_name
from .payments.ledger import cash_collected, staff_marked_paid
from .phone import search_form, validate_callback_phone
from .recalls import notice_reach
from .shipment_models import RecallNotice


class OrderPermissionPolicy(ProducerScopedPermissionPolicy):
    """Staff with `view_all_orders` (and superusers) see every order; a producer's account sees the
    orders holding products under the pages it may edit (its own ProducerPage subtree).

    Orders come only from the checkout (prices, stock) and are never deleted (the ledger points at
    them): nobody adds or deletes them in the admin, whatever their Django permissions say."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


order_policy = OrderPermissionPolicy(
    Order,
    producer_lookups=["lines__producer"],
    see_all_permission="storefront.view_all_orders",
)
register_permission_policy(Order, order_policy)


class RecallNoticePermissionPolicy(ProducerScopedPermissionPolicy):
    """The log of which buyer was told of which recall, and when (`recalls.tell_buyers`): the system
    writes it and nobody rewrites it. Programme staff (who see every lot) read all of it, a producer's
    staff the notices of its own lots; nobody adds, copies, changes or deletes one in the admin."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


LOT_PRODUCER = "pack_size__product__producer"  # from a lot to the producer page it belongs to
recall_notice_policy = RecallNoticePermissionPolicy(
    RecallNotice,
    producer_lookups=[f"lot__{LOT_PRODUCER}"],
    see_all_permission=SEE_ALL_LOTS,
)
register_permission_policy(RecallNotice, recall_notice_policy)


def visible_orders(user):
    return order_policy.scope(user, Order.objects.select_related("province", "commune"))


def own_producer_ids(user, order) -> set[int] | None:
    """The producers of this order whose pages the user may edit; None: the user sees the whole order."""
    if order_policy.sees_everything(user):
        return None
    mine = order.lines.filter(producer__in=editable_producer_pages(user))
    return set(mine.values_list("producer_id", flat=True))


def holds_only(order, producer_ids) -> bool:
    """True when the order holds no other producer's goods (its producer may then move all of it)."""
    return producer_ids is None or not order.lines.exclude(producer_id__in=producer_ids).exists()


def may_change_buyer_details(user) -> bool:
    """Only staff who see every order correct the buyer's name, phone, email, address or note.

    A producer reads the delivery details to ship its part, and never writes them: they are the
    buyer's, for the whole order, and an order may hold other producers' goods too. A rewritten
    street sends everyone's parcels to the wrong door, and a rewritten phone locks the buyer out of
    "Tra cứu đơn hàng" (code and phone must match). A producer who spots a mistake tells the shop.
    """
    return order_policy.sees_everything(user)


BUYER_DETAILS_READ_ONLY = gettext_lazy(
    "Thông tin người mua chỉ nhân viên cửa hàng sửa được. Nếu tên, điện thoại hoặc địa chỉ giao hàng "
    "có sai sót, vui lòng báo nhân viên cửa hàng."
)


class AmountColumn(Column):
    """An amount in đồng, as the order pages write it."""

    def get_value(self, instance):
        return format_vnd(super().get_value(instance))


class BuyerPaysColumn(Column):
    """For a producer: what the buyer pays (goods and shipping), the amount read out when phoning to
    confirm cash on delivery; "—" for an order holding other producers' goods too, whose total would
    tell it their sales (its own part is the column beside)."""

    def get_value(self, instance):
        return "—" if instance.holds_others else format_vnd(instance.total)


# A producer reads two amounts where staff read the order's total: its own goods, and what the buyer pays.
# The second sorts by `buyer_pays` (no amount for an order holding others' goods), never by `total`:
# where a hidden total fell between two shown ones would tell the producer the others' sales.
PRODUCER_AMOUNTS = [
    AmountColumn("own_subtotal", label=gettext_lazy("Tiền hàng của bạn"), sort_key="own_subtotal"),
    BuyerPaysColumn("total", label=gettext_lazy("Tổng cộng khách trả"), sort_key="buyer_pays"),
]


class StateColumn(Column):
    """The order's state, and for a cancelled order that holds the buyer's money, that a refund is owed."""

    def get_value(self, instance):
        state = instance.get_state_display()
        return _("%(state)s · Cần hoàn tiền") % {"state": state} if orders.owes_refund(instance) else state


class OrderFilterSet(WagtailFilterSet):
    """The listing's filters, and "Cần hoàn tiền": cancelled orders whose money came all the same."""

    refund_owed = django_filters.BooleanFilter(
        label=gettext_lazy("Cần hoàn tiền"), method="filter_refund_owed"
    )

    class Meta:
        model = Order
        fields = ["state", "payment_method", "created_at", "refund_owed"]

    def filter_refund_owed(self, queryset, name, value):
        return queryset.filter(orders.REFUND_OWED) if value else queryset.exclude(orders.REFUND_OWED)


class OrderIndexView(ProducerScopedIndexView):
    codes_first = True

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if order_policy.sees_everything(self.request.user):
            return queryset
        own_producers = editable_producer_pages(self.request.user)
        others_lines = OrderLine.objects.filter(order=OuterRef("pk")).exclude(
            producer__in=own_producers, producer__isnull=False
        )
        return queryset.annotate(
            own_subtotal=Sum(
                F("lines__unit_price") * F("lines__quantity"), filter=Q(lines__producer__in=own_producers)
            ),
            holds_others=Exists(others_lines),
            buyer_pays=Case(When(Exists(others_lines), then=None), default=F("total")),
        )

    @cached_property
    def columns(self):
        columns = super().columns
        if order_policy.sees_everything(self.request.user):
            return columns
        return [
            shown
            for column in columns
            for shown in (PRODUCER_AMOUNTS if column.name == "total" else [column])
        ]

    def get_edit_url(self, instance):
        """The order's code opens the inspect view: lines, ledger and the buttons that move it on."""
        return self.get_inspect_url(instance)

    def get_list_more_buttons(self, instance):
        """The row's menu: "Xem chi tiết" for everyone; "Sửa thông tin người mua" (the edit form) for
        staff only. Wagtail's "Biên tập" item would point where the code does (the inspect view),
        promising a producer an edit it is not allowed."""
        buttons = [button for button in super().get_list_more_buttons(instance) if button.icon_name != "edit"]
        if may_change_buyer_details(self.request.user):
            edit_url = reverse(self.edit_url_name, args=[quote(instance.pk)])
            buttons.append(
                MenuItem(_("Sửa thông tin người mua"), url=edit_url, icon_name="edit", priority=10)
            )
        return buttons

    def search_queryset(self, queryset):
        """Staff type phones as they hear them (0912 345 678); orders store +84912345678. A name is
        found typed with or without tone marks ("nguyen van a": Nguyễn Văn A), through its folded copy."""
        if not self.is_searching:
            return queryset
        query = unicodedata.normalize("NFC", self.search_query).strip()  # as names are stored
        lookup = Q(code__iexact=query)
        if name := folded_name(query):  # "!!!" folds to no word, which every name would contain
            lookup |= Q(folded_name__contains=name)
        if phone := search_form(query):
            lookup |= Q(phone=phone)
        if part := code_part(query):  # the code's last characters, read over the phone
            lookup |= Q(code__contains=part)
        if products := products_titled(query):  # "keo dua": the orders of "Kẹo dừa …"
            lookup |= Q(pk__in=OrderLine.objects.filter(pack_size__product__in=products).values("order"))
        return queryset.filter(lookup)


class OrderInspectView(ProducerScopedInspectView):
    template_name = "storefront/admin/order_inspect.html"

    def get_field_display_value(self, field_name, field):
        """The payment method's label ("Thanh toán khi nhận hàng", not "cod"); "—" for nothing and local
        times come with every inspect view (catalogue.admin_views.ReadableInspectMixin)."""
        if field_name == "payment_method":
            return self.object.payment_label
        if field_name == "note" and self.object.note:
            return linebreaksbr(self.object.note)  # the buyer's lines, as the courier should read them
        return super().get_field_display_value(field_name, field)

    def get_edit_url(self):
        """No "Sửa" button for a producer: it reads the buyer's details here, it does not change them."""
        return super().get_edit_url() if may_change_buyer_details(self.request.user) else None

    def get_context_data(self, **kwargs):
        """Staff (and a producer whose goods are the whole order) see and move the whole order; a
        producer sharing the order with others sees its own lines and subtotal, the buyer's delivery
        details, and moves its own part only."""
        context = super().get_context_data(**kwargs)
        order = self.object
        own = own_producer_ids(self.request.user, order)
        whole = holds_only(order, own)
        parts = fulfilment.parts(order, own)
        actions = orders.staff_actions(order) if whole else []
        for action in actions:
            if action["target"] in ASKED_FIRST:
                action["question_url"] = reverse(
                    f"storefront_order:{ASKED_FIRST[action['target']]}", args=[order.pk]
                )
        order_moves = {action["target"] for action in actions}
        only_part = whole and len(parts) == 1  # whole: `parts` are all of the order's
        for part in parts:
            part.action = fulfilment.part_action(order, part, order_moves, only_part=only_part)
        context.update(
            order=order,
            whole=whole,
            parts=parts,
            lines=[line for part in parts for line in part.lines]
            if not whole
            else order.lines.select_related("combo"),
            own_subtotal=sum(part.subtotal for part in parts),
            events=order.payment_events.all() if whole else [],
            actions=actions,
            move_url_name="storefront_order:move",
            part_url_name="storefront_order:move_part",
        )
        return context


class OrderDeliveryForm(DeliveryPlaceChoices, WagtailAdminModelForm):
    """The buyer's name, contact and delivery address as staff correct them, held to the checkout's
    limits and rules (storefront/forms.py: the same fields); province and commune chosen as at
    checkout (the chosen province's communes, a commune of that province)."""

    full_name = full_name_field()
    # The call-back rule only for a number staff type: an order placed before it (a foreign number)
    # keeps its phone when staff correct its address.
    phone = phone_field(validators=())
    email = email_field()
    province = province_field()
    commune = commune_field()
    street = street_field()
    note = note_field()

    class Meta:
        model = Order
        fields = ["full_name", "phone", "email", "province", "commune", "street", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_places()

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if "phone" in self.changed_data:
            validate_callback_phone(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        self.check_places(cleaned)
        return cleaned


class OrderEditView(ProducerScopedEditView):
    """Staff correct the buyer's details here; a producer sees them read-only, and its POST is refused
    whatever it carries (the fields are disabled too, so Django would keep the saved values anyway)."""

    template_name = "storefront/admin/order_edit.html"

    @cached_property
    def read_only(self) -> bool:
        return not may_change_buyer_details(self.request.user)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.read_only:
            for field in form.fields.values():
                field.disabled = True
        return form

    def post(self, request, *args, **kwargs):
        if self.read_only:
            self.object = self.get_object()  # another producer's order stays a 404
            messages.error(request, BUYER_DETAILS_READ_ONLY)
            return redirect(self.get_inspect_url())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(read_only=self.read_only, read_only_message=BUYER_DETAILS_READ_ONLY)
        return context


# Moves that cannot be undone and put goods back in stock: their buttons open a question on a page
# of its own (the view named here), as Wagtail's deletes do.
ASKED_FIRST = {OrderState.CANCELLED: "cancel", OrderState.RETURNED: "return"}


class OrderViewSet(ProducerScopedViewSet):
    model = Order
    listing_queryset = Order.objects.select_related("province", "commune")
    icon = "list-ul"
    menu_label = gettext_lazy("Đơn hàng")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "don-hang"
    url_namespace = "storefront_order"
    index_view_class = OrderIndexView
    inspect_view_class = OrderInspectView
    edit_view_class = OrderEditView
    inspect_view_enabled = True
    # The secret token stays out of the listing of fields (a link to the buyer's page is shown instead).
    inspect_view_fields = [
        "code",
        "state",
        "payment_method",
        "full_name",
        "email",
        "note",
        "created_at",
        "paid_at",
        "provider_reference",
    ]
    copy_view_enabled = False
    # Orders are not content: indexing their province/commune references would add five queries to
    # every checkout transaction for nothing.
    add_to_reference_index = False
    list_display = [
        "code",
        "full_name",
        Column("phone_display", label=gettext_lazy("Điện thoại")),
        AmountColumn("total", label=gettext_lazy("Tổng cộng"), sort_key="total"),
        StateColumn("state", label=capfirst(Order._meta.get_field("state").verbose_name), sort_key="state"),
        Column("payment_label", label=pgettext_lazy("payment", "Thanh toán")),
        LocalTimeColumn(
            "created_at",
            label=capfirst(Order._meta.get_field("created_at").verbose_name),
            sort_key="created_at",
        ),
    ]
    filterset_class = OrderFilterSet
    search_fields = ["code", "full_name", "phone"]
    ordering = ["-created_at"]
    # Staff may correct the contact details and address (a producer reads them:
    # `may_change_buyer_details`); money, lines and state only move through the actions.

    def get_form_class(self, for_update=False):
        return OrderDeliveryForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("move/<int:pk>/<str:target>/", takes_methods(*POST_ONLY)(self.move_view), name="move"),
            path("cancel/<int:pk>/", takes_methods(*SAFE_OR_POST)(self.cancel_view), name="cancel"),
            path("return/<int:pk>/", takes_methods(*SAFE_OR_POST)(self.return_view), name="return"),
            path(
                "part/<int:pk>/<int:producer_id>/<str:target>/",
                takes_methods(*POST_ONLY)(self.move_part_view),
                name="move_part",
            ),
        ]

    def move_part_view(self, request, pk, producer_id, target):
        """A producer confirms or ships its own part; staff may do it for any producer."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            messages.error(request, _("Bạn không có quyền cập nhật đơn hàng."))
            return redirect("wagtailadmin_home")
        order = get_object_or_404(visible_orders(request.user), pk=pk)
        own = own_producer_ids(request.user, order)
        if own is not None and producer_id not in own:
            raise Http404
        back = redirect(reverse(self.get_url_name("inspect"), args=[order.pk]))
        try:
            fulfilment.move_part(order, producer_id, target)
        except TransitionError as error:
            messages.error(request, error.message)
            return back
        messages.success(
            request,
            _("Đơn %(code)s: đã cập nhật phần hàng (đơn: %(state)s).")
            % {"code": order.code, "state": order.get_state_display()},
        )
        return back

    def whole_order(self, request, pk):
        """The order this user moves as a whole, and the redirect back to it; or (None, the answer that
        says why not: no right to move orders, or other producers' goods in it)."""
        if not self.permission_policy.user_has_permission(request.user, "change"):
            messages.error(request, _("Bạn không có quyền cập nhật đơn hàng."))
            return None, redirect("wagtailadmin_home")
        order = get_object_or_404(visible_orders(request.user), pk=pk)
        back = redirect(reverse(self.get_url_name("inspect"), args=[order.pk]))
        if not holds_only(order, own_producer_ids(request.user, order)):
            messages.error(
                request,
                _("Đơn %(code)s có hàng của chủ thể khác: bạn chỉ xác nhận và giao phần hàng của mình.")
                % {"code": order.code},
            )
            return None, back
        return order, back

    def cancel_view(self, request, pk):
        """ "Huỷ đơn" asks first, on a page of its own as Wagtail's deletes do (on a phone the button
        sits beside "Xác nhận qua điện thoại"), with a reason the buyer will read."""
        order, back = self.whole_order(request, pk)
        if order is None:
            return back
        if OrderState.CANCELLED not in orders.allowed_targets(order.state) and request.method != "POST":
            messages.error(
                request,
                _("Đơn %(code)s đang “%(state)s”: không huỷ được.")
                % {"code": order.code, "state": order.get_state_display()},
            )
            return back
        # An empty reason is still an answer: the form is bound whenever it was posted.
        form = ShopCancelForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                orders.shop_cancel(order, form.cleaned_data["reason"])
            except TransitionError as error:
                messages.error(request, error.message)
                return back
            say_moved(request, order)
            return back
        context = {
            "order": order,
            "form": form,
            "units": orders.units_bought(order),
            "inspect_url": back.url,
            "header_title": _("Huỷ đơn %(code)s?") % {"code": order.code},  # the window's title
            "page_title": _("Huỷ đơn %(code)s?") % {"code": order.code},  # the page's heading
            "header_icon": "list-ul",
        }
        return TemplateResponse(request, "storefront/admin/order_cancel.html", context)

    def return_view(self, request, pk):
        """ "Khách trả hàng" asks first, as "Huỷ đơn" does: it puts the goods back in stock and ends the
        order (a refund of money the shop had may follow), and on a phone its button sits beside "Đã giao"."""
        order, back = self.whole_order(request, pk)
        if order is None:
            return back
        if request.method == "POST":
            try:
                orders.move(order, OrderState.RETURNED)
            except TransitionError as error:
                messages.error(request, error.message)
                return back
            say_moved(request, order)
            return back
        if OrderState.RETURNED not in orders.allowed_targets(order.state):
            messages.error(
                request,
                _("Đơn %(code)s đang “%(state)s”: không ghi nhận trả hàng được.")
                % {"code": order.code, "state": order.get_state_display()},
            )
            return back
        question = _("Khách trả hàng cho đơn %(code)s?") % {"code": order.code}
        context = {
            "order": order,
            "units": orders.units_bought(order),
            "inspect_url": back.url,
            "header_title": question,  # the window's title
            "page_title": question,  # the page's heading
            "header_icon": "list-ul",
        }
        return TemplateResponse(request, "storefront/admin/order_return.html", context)

    def move_view(self, request, pk, target):
        order, back = self.whole_order(request, pk)
        if order is None:
            return back
        if target in ASKED_FIRST:  # never in one tap: the question first (`cancel_view`, `return_view`)
            return redirect(self.get_url_name(ASKED_FIRST[target]), pk=order.pk)
        if target == "cash":
            done = cash_collected(order, request.user)
        elif target == OrderState.PAID:
            done = order.state == OrderState.PENDING_PAYMENT and staff_marked_paid(order, request.user)
        elif target in OrderState.values:
            try:
                orders.move(order, target)
                done = True
            except orders.TransitionError as error:
                messages.error(request, error.message)
                return back
        else:
            done = False
        if done:
            order.refresh_from_db()
            say_moved(request, order)
        else:
            messages.error(request, _("Không cập nhật được đơn %(code)s.") % {"code": order.code})
        return back


def say_moved(request, order):
    """What every move of an order from its page says once it is made: the order and its new state."""
    messages.success(
        request, _("Đơn %(code)s: %(state)s.") % {"code": order.code, "state": order.get_state_display()}
    )


order_viewset = OrderViewSet("storefront_order")


@hooks.register("register_admin_viewset")
def register_order_viewset():
    return order_viewset


@hooks.register(ORDER_LINKS_HOOK)
def link_orders_in_the_stock_log(user, codes):
    """The stock log's order codes link to the orders this user may open, in one query."""
    visible = order_policy.instances_user_has_any_permission_for(user, ["view"])
    found = visible.filter(code__in=codes).values_list("code", "pk")
    return {code: reverse("storefront_order:inspect", args=[pk]) for code, pk in found}


@hooks.register("register_producer_permissions")
def producer_order_permissions():
    """A producer's staff see and move orders: `visible_orders` shows them only those holding its
    products; they read which buyers were told of their own lots' recalls (`recall_notice_policy`)."""
    return ["storefront.view_order", "storefront.change_order", "storefront.view_recallnotice"]


@hooks.register("register_programme_staff_permissions")
def programme_staff_recall_permissions():
    """Programme staff read which buyers were told of every lot's recall or warning, and when."""
    return ["storefront.view_recallnotice"]


@hooks.register(REACH_HOOK)
def describe_notice_reach(lot, user):
    """The message after a lot's notice is saved says how many buyers were emailed, with a link to the
    log; the buyers to phone by name and number only to those who may read that log for this lot."""
    return notice_reach(lot, buyers_shown=may_read_notices_of(user, lot))


def may_read_notices_of(user, lot) -> bool:
    if not recall_notice_policy.user_has_permission(user, "view"):
        return False
    if recall_notice_policy.sees_everything(user):
        return True
    own_lot = limit_to_producers(Lot.objects.filter(pk=lot.pk), user, [LOT_PRODUCER])
    return own_lot.exists()


@hooks.register("register_admin_urls")
def register_ship_lots_url():
    from .shipment_views import ship_lots

    return [path("orders/<int:pk>/ship-lots/", ship_lots, name="storefront_ship_lots")]


@hooks.register("register_admin_viewset")
def register_recall_notice_viewset():
    from .shipment_views import RecallNoticeViewSet

    return RecallNoticeViewSet("recall_notices")


@hooks.register("construct_homepage_panels")
def add_producer_order_panel(request, panels):
    from .dashboard import order_panels

    panels.extend(order_panels(request))
