"""The product's OCOP certification inside the page editor and the API: shown, never editable there.

The record is changed only by programme staff in its own admin (see certification.py); the editor
shows the current record and its history, with links for staff to record, renew or revoke.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, Panel

from .forms import may_mark_demo_data


class CertificationPanel(Panel):
    @property
    def clean_name(self):
        return super().clean_name or "ocop_certification"

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue/admin/certification_panel.html"

        def get_context_data(self, parent_context=None):
            from .certification import may_certify  # the panel is imported by models.py

            context = super().get_context_data(parent_context)
            product = self.instance
            history = list(product.certifications.select_related("recorded_by")) if product.pk else []
            context.update(
                product=product,
                current=product.certification if product.pk else None,
                history=history,
                may_certify=may_certify(self.request.user),
                read_only_note=_(
                    "Chỉ cán bộ OCOP ghi nhận, tái chứng nhận, nâng hạng hoặc thu hồi chứng nhận."
                ),
            )
            return context


class DemoMarkPanel(FieldPanel):
    """The "Dữ liệu minh hoạ" box of an inline row (a pack size), for superusers only. The forms leave the
    field out of their rows (forms.DemoMarkForSuperusers), but the template of a row not added yet is a
    fresh form Wagtail makes for each render, which still holds it: this panel hides it there too."""

    def __init__(self, field_name="is_demo", **kwargs):
        super().__init__(field_name, **kwargs)

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return super().is_shown() and (self.request is None or may_mark_demo_data(self.request.user))


class CertificationSerializer(serializers.Serializer):
    """Read-only view of the current record in the pages API (the API accepts no writes at all)."""

    stars = serializers.IntegerField()
    potential_five = serializers.BooleanField()
    level = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField()
    valid_until = serializers.DateField()
    status = serializers.SerializerMethodField()
    in_force = serializers.BooleanField()

    def get_status(self, certification):
        return certification.status()
