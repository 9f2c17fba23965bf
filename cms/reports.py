"""Every report of Wagtail's Reports menu (locked pages, workflows, workflow tasks, site history, aging
pages, page types usage), exported as the shop's own listings are
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
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.utils.urlpatterns import decorate_urlpatterns

from catalogue.admin_views import ReadableExportMixin

REQUESTED_BY = _("Người gửi duyệt")
STARTED_AT = _("Bắt đầu lúc")


class SiteHistoryReport(ReadableExportMixin, LogEntriesView):
    pass


# A page published with no user (by load_demo, a command, a scheduled publish): Wagtail's listing
# falls back to printing the missing user, "None".
NO_PUBLISHER = "—"


class AgingPagesReport(ReadableExportMixin, AgingPagesView):
    def add_last_publisher_name_to_page(self, username_mapping, page):
        super().add_last_publisher_name_to_page(username_mapping, page)
        if not page.last_published_by_user:
            page.last_published_by_user = NO_PUBLISHER


class LockedPagesReport(ReadableExportMixin, LockedPagesView):
    export_headings = {
        **LockedPagesView.export_headings,
        "locked_at": _("Khoá lúc"),
        "locked_by": _("Người khoá"),
    }


class PageTypesUsageReport(ReadableExportMixin, PageTypesUsageReportView):
    """No export of its own (no `list_export`): `?export=csv` shows the report, not an empty file."""


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
            path("locked/", LockedPagesReport.as_view()),
            path("site-history/", SiteHistoryReport.as_view()),
            path("aging-pages/", AgingPagesReport.as_view()),
            path("page-types-usage/", PageTypesUsageReport.as_view()),
            path("workflow/", WorkflowReport.as_view()),
            path("workflow_tasks/", WorkflowTasksReport.as_view()),
        ],
        require_admin_access,
    ),
    never_cache,
)
