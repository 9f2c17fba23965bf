"""How a buyer reaches the shop when a page cannot help: the hotline (or, without one, the email)
editors set under Settings → Thông tin cửa hàng (`cms.SiteSettings`, the same the footer shows).

A message never tells a buyer to call without giving the number: with neither a hotline nor an
email configured, it says nothing about calling."""

from django.utils.translation import gettext as _
from wagtail.models import Site

from catalogue.phone import display_phone
from cms.models import SiteSettings


def reach_us(request=None) -> str:
    """One sentence with the hotline or the email to use, or "" when the shop has set neither.
    Without a request (an email sent by the worker): the default site's."""
    try:
        if request is None:
            contact = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        else:
            contact = SiteSettings.for_request(request)
    except (SiteSettings.DoesNotExist, Site.DoesNotExist):  # a host no Site answers; no site yet
        return ""
    if contact.hotline:
        return _("Cần hỗ trợ, vui lòng gọi đường dây nóng %(hotline)s.") % {
            "hotline": display_phone(contact.hotline)
        }
    if contact.email:
        return _("Cần hỗ trợ, vui lòng gửi email tới %(email)s.") % {"email": contact.email}
    return ""


def with_reach_us(request, message) -> str:
    """`message`, followed by how to reach the shop when there is a way."""
    return " ".join(part for part in (str(message), reach_us(request)) if part)
