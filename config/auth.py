"""Login throttling: django-axes' backend, for logins that come with a request (the admin's form).

Axes refuses `authenticate()` calls without a request; the test client's `login()` and management
shells make those, and nobody can hammer them from outside, so they pass through unthrottled."""

from axes.backends import AxesStandaloneBackend


class ThrottledLoginBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
