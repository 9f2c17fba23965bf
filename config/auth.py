"""Login throttling: django-axes' backend, for logins that come with a request (the admin's form).

Axes refuses `authenticate()` calls without a request; the test client's `login()` and management
shells make those, and nobody can hammer them from outside, so they pass through unthrottled."""

from axes.backends import AxesStandaloneBackend
from django.shortcuts import redirect


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def signed_in(request):
    """Where the site's sign-in page (/_util/login/) leads when it has no page of ours to go back to
    (`next` missing, or off-site): staff to the admin, everyone else to the home page; Django's own
    default, /accounts/profile/, is no page here."""
    if request.user.has_perm("wagtailadmin.access_admin"):
        return redirect("wagtailadmin_home")
    return redirect("/")
