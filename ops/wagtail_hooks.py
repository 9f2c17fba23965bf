from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import FailedTasksView, may_see_failed_tasks


@hooks.register("register_admin_urls")
def failed_tasks_url():
    return [path("tac-vu-loi/", FailedTasksView.as_view(), name="ops_failed_tasks")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_failed_tasks(request.user)


@hooks.register("register_settings_menu_item")
def failed_tasks_menu_item():
    return SuperuserMenuItem(_("Tác vụ lỗi"), reverse("ops_failed_tasks"), icon_name="warning", order=900)
