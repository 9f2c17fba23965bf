"""The admin of OCOP certifications: programme staff record, renew, upgrade and revoke; a producer's
staff read their own products' records; nobody edits or deletes a record (its history is the point)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import certification as rules
from .admin_fields import list_in_vietnamese_order, native_date_input
from .admin_views import ReadableExportMixin, ReadableInspectMixin, ScrollingListingMixin
from .certification import Certification, Outcome, State
from .forms import DEMO_MARK, may_mark_demo_data
from .models import ProducerPage, ProductPage
from .ocop import CertifyingLevel, Stars, certificate_expiry


def own_product_ids(user):
    """Products below the producer pages the user may edit, as a subquery."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProductPage.objects.filter(producer__in=pages.values("pk")).values("pk")


def works_for_a_producer(user) -> bool:
    """Whether the user may edit a producer page: a producer's staff, who read their products'
    records from their first day, before any product is certified (or even made)."""
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProducerPage.objects.filter(pk__in=pages.values("pk")).exists()


class CertificationPermissionPolicy(ModelPermissionPolicy):
    """add = record/renew/upgrade, "revoke" = revoke: `certify_product` only. change and delete:
    nobody. view: staff, and a producer's staff (its own products' records, none at first)."""

    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        if action in ("add", "revoke"):
            return rules.may_certify(user)
        if action == "view":
            return rules.may_certify(user) or user.is_superuser or works_for_a_producer(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view" and not (rules.may_certify(user) or user.is_superuser):
            return self.visible(user).filter(pk=instance.pk).exists()
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        if action == "view":
            return self.visible(user)
        return (
            Certification.objects.all()
            if self.user_has_permission(user, action)
            else Certification.objects.none()
        )

    def visible(self, user, queryset=None):
        queryset = Certification.objects.all() if queryset is None else queryset
        if rules.may_certify(user) or user.is_superuser:
            return queryset
        return queryset.filter(product__in=own_product_ids(user))


permission_policy = CertificationPermissionPolicy(Certification)


class ProductWithProducerField(forms.ModelChoiceField):
    """A product named with its producer ("Kẹo dừa sầu riêng · Cơ sở Đông Á"): two producers may sell
    products of the same name, and staff certify for every producer of the province."""

    def label_from_instance(self, obj):
        return f"{obj.title} · {obj.producer.title}" if obj.producer_id else obj.title

    def to_python(self, value):
        try:
            return super().to_python(value)
        except OverflowError:  # an id past what SQLite stores: no product, as for any other unknown id
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class RecordForm(forms.ModelForm):
    """One form for a new certification, a recertification and an upgrade (the outcome says which)."""

    product = ProductWithProducerField(
        label=pgettext_lazy("one product", "Sản phẩm"),
        queryset=ProductPage.objects.select_related("producer"),
    )

    class Meta:
        model = Certification
        fields = [
            "product",
            "outcome",
            "stars",
            "potential_five",
            "level",
            "decision_number",
            "decision_date",
            "valid_until",
            "is_demo",
        ]
        # ISO dates: a date picker shows "20/11/2026" as an empty field (and posts it back empty).
        widgets = {"valid_until": native_date_input(), "decision_date": native_date_input()}

    def __init__(self, *args, user=None, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.user = user
        if not may_mark_demo_data(user):
            del self.fields[DEMO_MARK]
        self.fields["valid_until"].required = False
        list_in_vietnamese_order(self.fields["product"])
        # On the field, so that clean() only ever sees a decision date it can add 36 months to.
        self.fields["decision_date"].validators.append(rules.validate_decision_date)

    def clean(self):
        cleaned_data = super().clean()
        # Filled before the model's own validation runs, so the validity rule sees a date.
        if not cleaned_data.get("valid_until") and cleaned_data.get("decision_date"):
            cleaned_data["valid_until"] = certificate_expiry(cleaned_data["decision_date"])
        return cleaned_data

    def _post_clean(self):
        super()._post_clean()  # the record's own rules (Certification.clean) first: a lapsed date says so
        self._check_outcome(self.cleaned_data)

    def _check_outcome(self, data):
        """The outcome against the product's current record, shown with the other errors; `record`
        checks again under lock when saving. Skipped for a field the record's own rules refused."""
        if not all(data.get(name) for name in ("product", "outcome", "stars", "decision_date")):
            return
        current = rules.current_record(data["product"])
        stars = int(data["stars"])
        outcome = rules.resolve_outcome(data["outcome"], stars, current)
        for field, errors in rules.outcome_errors(outcome, stars, data["decision_date"], current).items():
            self.add_error(field, errors)

    @staticmethod
    def _current_demo_mark(product) -> bool:
        """For a user not offered the mark: a renewal or upgrade keeps the record's it follows."""
        current = rules.current_record(product)
        return current.is_demo if current is not None else False

    def save(self, commit=True):
        data = self.cleaned_data
        try:
            self.instance = rules.record(
                data["product"],
                self.user,
                stars=data["stars"],
                potential_five=data["potential_five"],
                level=data["level"],
                outcome=data["outcome"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                valid_until=data.get("valid_until"),
                is_demo=data[DEMO_MARK] if DEMO_MARK in data else self._current_demo_mark(data["product"]),
            )
        except ValidationError as error:
            self.add_error(None, error)
            raise
        return self.instance


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Lý do thu hồi"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"]
        rules.check_revocation_reason(reason)
        return reason


class ScopedIndexView(ScrollingListingMixin, ReadableExportMixin, IndexView):
    def get_base_queryset(self):
        return permission_policy.visible(self.request.user, super().get_base_queryset())

    @cached_property
    def no_results_message(self):
        user = self.request.user
        if self.is_searching or self.is_filtering or rules.may_certify(user) or user.is_superuser:
            return super().no_results_message
        # A new producer's first visit: say where a record comes from, rather than "nothing to display".
        return _(
            "Chưa có chứng nhận OCOP nào cho sản phẩm của bạn. Chứng nhận do cán bộ chương trình OCOP ghi "
            "nhận khi sản phẩm được công nhận (cấp tỉnh với 3–4 sao, cấp trung ương với 5 sao); khi đó "
            "chứng nhận hiện ở đây và trên trang sản phẩm."
        )


class ScopedInspectView(ReadableInspectMixin, InspectView):
    template_name = "catalogue/admin/certification_inspect.html"

    def get_object(self, queryset=None):
        queryset = permission_policy.visible(self.request.user, Certification.objects.all())
        return get_object_or_404(queryset, pk=self.kwargs[self.pk_url_kwarg])

    @property
    def header_buttons(self):
        buttons = []
        record = self.object
        if rules.may_certify(self.request.user) and record.state == State.ACTIVE and record.product_id:
            add = reverse("ocop_certifications:add")
            buttons += [
                HeaderButton(
                    _("Tái chứng nhận"),
                    url=f"{add}?product={record.product_id}&outcome=renewal&from={record.pk}",
                    icon_name="repeat",
                ),
                HeaderButton(
                    _("Nâng hạng sao"),
                    url=f"{add}?product={record.product_id}&outcome=upgrade&from={record.pk}",
                    icon_name="arrow-up",
                ),
                HeaderButton(
                    _("Thu hồi"),
                    url=reverse("ocop_certifications:revoke", args=[record.pk]),
                    icon_name="warning",
                ),
            ]
        return buttons


def _id_in(query, name) -> int | None:
    """A row's id in the query string, or None: only ASCII digits ("²" is a digit to `str.isdigit`,
    not to `int`), and no more than an id can have (a longer one would overflow the query)."""
    value = query.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


class RecordView(CreateView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        query = self.request.GET
        if (product_id := _id_in(query, "product")) is not None:
            initial["product"] = product_id
        if query.get("outcome") in Outcome.values:
            initial["outcome"] = query["outcome"]
        previous = (
            Certification.objects.filter(pk=previous_id).first()
            if (previous_id := _id_in(query, "from")) is not None
            else None
        )
        if previous is not None:
            initial.update(stars=previous.stars, level=previous.level, potential_five=previous.potential_five)
            if initial.get("outcome") == Outcome.UPGRADE and previous.stars < Stars.FIVE:
                initial["stars"] = previous.stars + 1
                initial["potential_five"] = False
                if initial["stars"] == Stars.FIVE:
                    initial["level"] = CertifyingLevel.NATIONAL
        return initial

    def save_instance(self):
        return self.form.save()

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError:
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("ocop_certifications:inspect", args=[self.object.pk])

    def get_success_buttons(self):
        # Wagtail offers "Edit", but nobody edits a record; the page shown next is the record itself.
        return []


def revoke_view(request, pk):
    if not rules.may_certify(request.user):
        raise PermissionDenied
    record = get_object_or_404(Certification, pk=pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rules.revoke(record, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã thu hồi chứng nhận %(number)s.") % {"number": record.decision_number}
            )
            return redirect("ocop_certifications:inspect", record.pk)
    return TemplateResponse(
        request, "catalogue/admin/certification_revoke.html", {"record": record, "form": form}
    )


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class CertificationViewSet(ModelViewSet):
    model = Certification
    icon = "tick-inverse"
    menu_label = _("Chứng nhận OCOP")
    menu_order = 220
    add_to_admin_menu = True
    url_prefix = "chung-nhan-ocop"
    index_view_class = ScopedIndexView
    add_view_class = RecordView
    inspect_view_class = ScopedInspectView
    inspect_view_enabled = True
    copy_view_enabled = False  # a record is renewed, upgraded or revoked, never copied
    form_fields = RecordForm.Meta.fields
    list_display = [
        "product_title",
        "stars",
        "level",
        "decision_number",
        "decision_date",
        "valid_until",
        StatusColumn("status", label=_("Trạng thái")),
    ]
    list_filter = ["stars", "level", "state", "is_demo"]
    search_fields = ["product_title", "decision_number"]
    inspect_view_fields = [
        "product_title",
        "stars",
        "potential_five",
        "level",
        "outcome",
        "decision_number",
        "decision_date",
        "valid_until",
        "state",
        "supersedes",
        "recorded_by",
        "recorded_at",
        "revoked_by",
        "revoked_at",
        "revocation_reason",
        "is_demo",
    ]

    def get_form_class(self, for_update=False):
        return RecordForm

    @property
    def permission_policy(self):
        return permission_policy

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("revoke/<int:pk>/", revoke_view, name="revoke")]
