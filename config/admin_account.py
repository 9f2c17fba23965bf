"""The admin's "Tài khoản" screen with "Tên" and "Họ" (first and last name) optional.

Wagtail's name form requires a first and a last name, and so refused every save (a language, a time
zone, notifications) of a user without both: many Vietnamese users keep their whole name in one
field, the demo accounts have none or only a "Tên", and those made by `grant_producer_access --create`
neither. Wagtail offers no setting or hook to replace its own name panel
(`register_account_settings_panel` only adds panels), so config/urls.py routes /admin/account/ here
first, as it does Wagtail's reports; the URL's name and every other panel stay Wagtail's.
"""

from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views.account import AccountView, NameEmailSettingsPanel


class NameForm(NameEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = False
        self.fields["last_name"].required = False


class NameSettingsPanel(NameEmailSettingsPanel):
    form_class = NameForm


class NameOptionalAccountView(AccountView):
    def get_panels(self):
        return [
            NameSettingsPanel(panel.request, panel.user, panel.profile)
            if type(panel) is NameEmailSettingsPanel
            else panel
            for panel in super().get_panels()
        ]


account = require_admin_access(never_cache(NameOptionalAccountView.as_view()))
