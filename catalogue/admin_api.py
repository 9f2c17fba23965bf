"""The admin API's image and document endpoints, limited to what the user may choose; its page
endpoint, whose copy and alias actions follow the rules of copying a product (copying.py).

Wagtail's own endpoints list every image and document to any admin user; each producer's files live
in a collection of its own (catalogue/permissions.py), so these list only the collections the user
has a permission on, as the choosers do."""

from rest_framework.exceptions import ValidationError
from wagtail.admin.api.actions.copy import CopyPageAPIAction
from wagtail.admin.api.actions.create_alias import CreatePageAliasAPIAction
from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

from . import copying

ACTIONS = ["choose", "change", "delete"]


class OwnImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        allowed = policy_registry.get_by_type(get_image_model()).instances_user_has_any_permission_for(
            self.request.user, ACTIONS
        )
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class OwnDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        allowed = policy_registry.get_by_type(get_document_model()).instances_user_has_any_permission_for(
            self.request.user, ACTIONS
        )
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class DraftProductCopyAPIAction(CopyPageAPIAction):
    """A copy of a product is a draft (catalogue/copying.py): `keep_live` is refused, not ignored."""

    def execute(self, instance, data):
        if data["keep_live"] and copying.copies_a_product(instance, recursive=data["recursive"]):
            raise ValidationError({"keep_live": [str(copying.NOT_LIVE_WITHOUT_PACK_SIZES)]})
        return super().execute(instance, data)


class NoProductAliasAPIAction(CreatePageAliasAPIAction):
    """An alias would copy a product's pack sizes and their GTINs, which must stay unique."""

    def execute(self, instance, data):
        if copying.copies_a_product(instance, recursive=data["recursive"]):
            raise ValidationError({"recursive": [str(copying.NOT_LIVE_WITHOUT_PACK_SIZES)]})
        return super().execute(instance, data)


class CataloguePagesAdminAPIViewSet(PagesAdminAPIViewSet):
    actions = {
        **PagesAdminAPIViewSet.actions,
        "copy": DraftProductCopyAPIAction,
        "create_alias": NoProductAliasAPIAction,
    }
