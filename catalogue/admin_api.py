"""The admin API's image and document endpoints, limited to what the user may choose.

Wagtail's own endpoints list every image and document to any admin user; each producer's files live
in a collection of its own (catalogue/permissions.py), so these list only the collections the user
has a permission on, as the choosers do."""

from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

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
