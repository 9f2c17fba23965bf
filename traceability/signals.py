"""Signals other apps listen to; traceability never knows who listens (storefront tells buyers)."""

from django.dispatch import Signal

# Sent after commit when a lot's recall or warning is in force: `sender` is Lot, `lot` the lot.
# Receivers must be idempotent: the signal is sent again when the notice is edited.
lot_recalled = Signal()
