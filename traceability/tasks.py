"""Traceability's background work: writing counted scans to the lots, certificate-expiry reminders,
recalls and warnings that come into force, copied-label reports' emails."""

from ops.tasks import background_task, retried

from . import recalls, reminders, reports, scans


@background_task()
@retried
def flush_lot_scans(lot_id: int) -> int:
    """Write one lot's pending scans (enqueued by a scan when the cache is shared between processes)."""
    return scans.flush_lot(lot_id)


@background_task()
def flush_scans() -> int:
    """The scheduled sweep (every minute by default): every lot's pending scans to its row."""
    return scans.flush_all()


@background_task()
@retried
def remind_expiring_certificates() -> int:
    """The daily reminder of certificates that run out in 30 or 7 days; returns how many were named."""
    return reminders.send_expiry_reminders()


@background_task()
def announce_notices_in_force() -> int:
    """The scheduled sweep (every 10 minutes): the pages of recalls and warnings that started or ended
    since the last sweep are purged, so their banners show (or go) at once; recalls and warnings in
    force reach their buyers."""
    recalls.purge_pages_of_notices_changed()
    return recalls.announce_notices_in_force()


@background_task()
def send_copy_report(report_id: int) -> bool:
    """Email one copied-label report (enqueued as it is sent). Not retried here: a report whose email
    failed is sent by the sweep below, so it is never sent twice by two retries."""
    return reports.send_copy_report(report_id)


@background_task()
def send_unsent_copy_reports() -> int:
    """The scheduled sweep (every 5 minutes): copied-label reports whose email has not gone out."""
    return reports.send_unsent_reports()
