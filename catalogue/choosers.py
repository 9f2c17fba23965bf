"""The pack size chooser: a searchable modal in the admin, used by every FieldPanel on a foreign key to
PackSize (a gift combo's components), instead of a select listing every pack of the catalogue."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import PackSize, ProducerPage
from .permission_policies import editable_producer_pages, limit_to_producers


class OwnPackSizesMixin:
    """A producer's staff choose among their own products' packs only (the lot form uses this
    chooser); superusers, programme staff and editors who belong to no producer see every pack."""

    def get_object_list(self):
        packs = PackSize.objects.select_related("product").by_product()
        user = self.request.user
        if user.is_superuser or user.has_perm("catalogue.certify_product"):
            return packs
        if not ProducerPage.objects.filter(pk__in=editable_producer_pages(user)).exists():
            return packs
        return limit_to_producers(packs, user, ["product__producer"])


class PackSizeChooseView(OwnPackSizesMixin, ChooseView):
    pass


class PackSizeChooseResultsView(OwnPackSizesMixin, ChooseResultsView):
    pass


class PackSizeChosenView(OwnPackSizesMixin, ChosenView):
    """What the chooser answers once a pack is picked (its title): only for a pack the user could pick,
    so that another producer's unpublished product title cannot be read by typing its pack's id."""

    def get_object(self, pk):
        return self.get_object_list().get(pk=pk)


class PackSizeChooserViewSet(ChooserViewSet):
    model = PackSize
    icon = "tag"
    choose_one_text = _("Chọn quy cách đóng gói")
    choose_another_text = _("Chọn quy cách khác")
    edit_item_text = _("Sửa quy cách")
    per_page = 30
    choose_view_class = PackSizeChooseView
    choose_results_view_class = PackSizeChooseResultsView
    chosen_view_class = PackSizeChosenView


pack_size_chooser_viewset = PackSizeChooserViewSet("pack_size_chooser")
