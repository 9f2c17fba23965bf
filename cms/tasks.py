"""The site's pages on the worker's clock: what an editor scheduled goes live, or comes down, on time."""

import io

from django.core.management import call_command

from ops.tasks import background_task


@background_task()
def publish_scheduled_pages() -> None:
    """The scheduled sweep (every minute): Wagtail's `publish_scheduled` publishes each revision whose
    go-live time ("Ngày giờ xuất bản") has passed, which lifts the page's scheduling lock, and
    unpublishes each page past its expiry ("Ngày giờ hết hạn"). Both send Wagtail's publish signals,
    so the page cache and Varnish are purged as for a page published by hand."""
    call_command("publish_scheduled", stdout=io.StringIO())
