"""Real threads started together, for the tests that race them (orders, stock, scans, first checks)."""

import threading


def run_together(targets, *, timeout: float) -> None:
    """Start one thread per callable in `targets`, all before any is waited for; then wait for each,
    at most `timeout` seconds."""
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
