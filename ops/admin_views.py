"""The admin page "Tác vụ lỗi": background tasks that used up their retries, with a re-run button."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import failed_tasks


def may_see_failed_tasks(user) -> bool:
    return user.is_active and user.is_superuser


class FailedTasksView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ops/failed_tasks.html"
    page_title = gettext_lazy("Tác vụ nền bị lỗi")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_failed_tasks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tasks=failed_tasks.failed_tasks(), **kwargs)

    def post(self, request):
        if failed_tasks.rerun(request.POST.get("task", "")):
            messages.success(request, _("Đã đưa tác vụ vào hàng đợi để chạy lại."))
        else:
            messages.error(request, _("Không tìm thấy tác vụ lỗi này."))
        return redirect("ops_failed_tasks")
