"""The admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM), worded in the project's own Vietnamese.

Wagtail's form leaves the password's label untranslated ("Password": its field has no label of its
own) and its Vietnamese catalogue garbles the wrong-password message ("Tên người dùng Tên đăng
nhậpkhông trùng…"), as it does the username's placeholder ("Nhập Tên đăng nhậpcủa bạn"). Producers'
staff meet this screen first, so all three are our own msgids."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class VietnameseLoginForm(LoginForm):
    error_messages = {
        **LoginForm.error_messages,
        # Names no field, so one sentence reads right whatever the username field is called.
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng thử lại."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget.attrs["placeholder"] = _("Nhập tên đăng nhập")
