"""The admin speaks Vietnamese with local times: no stray English ("5 minutes trước"), no raw values."""

import datetime

from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageLogEntry, Revision


def test_the_dashboard_says_how_long_ago_in_vietnamese(client, product, staff):
    """Django's "%(num)d minutes" (timesince) has no Vietnamese in Django's own catalogue."""
    revision = product.save_revision(user=staff)
    log(instance=product, action="wagtail.edit", user=staff, revision=revision)
    five_minutes_ago = timezone.now() - datetime.timedelta(minutes=5, seconds=10)
    Revision.objects.filter(pk=revision.pk).update(created_at=five_minutes_ago)
    PageLogEntry.objects.filter(page=product).update(timestamp=five_minutes_ago)
    client.force_login(staff)

    html = client.get("/admin/").content.decode()

    assert "5\u00a0phút trước" in html
    assert "minutes" not in html
