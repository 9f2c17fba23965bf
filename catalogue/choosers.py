"""The pack size chooser: a searchable modal in the admin, used by every FieldPanel on a foreign key to
PackSize (a gift combo's components), instead of a select listing every pack of the catalogue."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import PackSize


class PackSizeChooserViewSet(ChooserViewSet):
    model = PackSize
    icon = "tag"
    choose_one_text = _("Chọn quy cách đóng gói")
    choose_another_text = _("Chọn quy cách khác")
    edit_item_text = _("Sửa quy cách")
    per_page = 30

    def get_object_list(self):
        return PackSize.objects.select_related("product").order_by("product__title", "sort_order")


pack_size_chooser_viewset = PackSizeChooserViewSet("pack_size_chooser")
