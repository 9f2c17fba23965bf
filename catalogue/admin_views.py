"""Admin views for models under a `ProducerScopedPermissionPolicy` (lots, certificates, orders).

The listing holds only what the user may see; edit, inspect, delete, copy, history and usage open
only what the listing shows: another producer's record is a 404, as if it did not exist. Each view
asks the policy registered for its model (Wagtail 8's `register_permission_policy`).
"""

from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from wagtail.admin.views.generic import (
    CopyView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    InspectView,
    UsageView,
)
from wagtail.admin.viewsets.model import ModelViewSet


class ProducerScopedIndexView(IndexView):
    def get_base_queryset(self):
        return self.permission_policy.scope(self.request.user, super().get_base_queryset())


class ProducerScopedObjectMixin:
    def get_object(self, queryset=None):
        visible = self.permission_policy.scope(self.request.user)
        return get_object_or_404(visible, pk=unquote(str(self.kwargs[self.pk_url_kwarg])))


class ProducerScopedEditView(ProducerScopedObjectMixin, EditView):
    pass


class ProducerScopedCopyView(ProducerScopedObjectMixin, CopyView):
    """For plain models (no child relations). Wagtail's copy view binds its form to the original
    record, so a POST would save over it (and could move it to another producer): the form gets an
    unsaved duplicate instead, and saving it adds a new record."""

    def get_initial_form_instance(self):
        duplicate = self.get_object()
        duplicate.pk = None
        duplicate._state.adding = True
        return duplicate


class ProducerScopedDeleteView(ProducerScopedObjectMixin, DeleteView):
    pass


class ProducerScopedInspectView(ProducerScopedObjectMixin, InspectView):
    pass


class ProducerScopedHistoryView(ProducerScopedObjectMixin, HistoryView):
    pass


class ProducerScopedUsageView(ProducerScopedObjectMixin, UsageView):
    pass


class ProducerScopedViewSet(ModelViewSet):
    """A model viewset whose every view keeps to the rows the model's policy lets the user see.

    `listing_queryset`: what the index lists (with what its columns show joined in), before scoping.
    """

    listing_queryset = None
    index_view_class = ProducerScopedIndexView
    edit_view_class = ProducerScopedEditView
    copy_view_class = ProducerScopedCopyView
    delete_view_class = ProducerScopedDeleteView
    inspect_view_class = ProducerScopedInspectView
    history_view_class = ProducerScopedHistoryView
    usage_view_class = ProducerScopedUsageView

    def get_index_view_kwargs(self, **kwargs):
        if self.listing_queryset is not None:
            kwargs.setdefault("queryset", self.listing_queryset)
        return super().get_index_view_kwargs(**kwargs)
