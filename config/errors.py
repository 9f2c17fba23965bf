"""Error pages Django would otherwise write in English, outside the site's layout."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A form sent without its security token: a session that ended, cookies blocked (some in-app
    browsers), a page left open for days. The buyer is told what to do in the site's own words; the
    reason is for the log (Django's `django.security.csrf` logger has it), not for them."""
    return render(request, "403_csrf.html", status=403)
