"""The admin API's image and document endpoints, limited to what the user may choose.

Wagtail's own endpoints list every image and document to any admin user; each producer's files live
in a collection of its own (catalogue/permissions.py), so these list only the collections the user
has a permission on, as the choosers do."""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.documents.permissions import permission_policy as document_policy
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.images.permissions import permission_policy as image_policy

ACTIONS = ["choose", "change", "delete"]


class OwnImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        allowed = image_policy.instances_user_has_any_permission_for(self.request.user, ACTIONS)
        return super().get_queryset().filter(pk__in=allowed.values("pk"))


class OwnDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        allowed = document_policy.instances_user_has_any_permission_for(self.request.user, ACTIONS)
        return super().get_queryset().filter(pk__in=allowed.values("pk"))
