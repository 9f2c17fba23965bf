"""Wagtail's site history and workflow reports, exported as the shop's own listings are
(catalogue.admin_views.ReadableExportMixin): times in Vietnam's local time, Vietnamese headings where
Wagtail gives a field's name ("requested_by"), and CSVs that Excel opens as UTF-8.

Wagtail registers these reports at fixed admin URLs with no hook to swap their views, so config/urls.py
routes the same URLs here first; Wagtail's names (`wagtailadmin_reports:site_history`, …) and its menu
items lead to them unchanged. Only the listings are replaced; their filter results stay Wagtail's.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from catalogue.admin_views import ReadableExportMixin

REQUESTED_BY = _("Người gửi duyệt")
STARTED_AT = _("Bắt đầu lúc")


class SiteHistoryReport(ReadableExportMixin, LogEntriesView):
    pass


class WorkflowReport(ReadableExportMixin, WorkflowView):
    export_headings = {
        **WorkflowView.export_headings,
        "workflow": _("Quy trình"),
        "requested_by": REQUESTED_BY,
        "created_at": STARTED_AT,
    }


class WorkflowTasksReport(ReadableExportMixin, WorkflowTasksView):
    export_headings = {
        **WorkflowTasksView.export_headings,
        "task": _("Bước duyệt"),
        "workflow_state.requested_by": REQUESTED_BY,
        "started_at": STARTED_AT,
        "finished_at": _("Kết thúc lúc"),
        "finished_by": _("Người kết thúc"),
    }


# Under /admin/reports/, before Wagtail's own, and guarded as Wagtail guards its admin URLs.
urlpatterns = decorate_urlpatterns(
    decorate_urlpatterns(
        [
            path("site-history/", SiteHistoryReport.as_view()),
            path("workflow/", WorkflowReport.as_view()),
            path("workflow_tasks/", WorkflowTasksReport.as_view()),
        ],
        require_admin_access,
    ),
    never_cache,
)
