"""Signals other apps listen to; traceability never knows who listens (storefront tells buyers)."""

from django.dispatch import Signal

# Sent after commit when a lot's recall or warning is in force: `sender` is Lot, `lot` the lot.
# Receivers must be idempotent: the signal is sent again when the notice is edited.
lot_recalled = Signal()

# Sent after commit when a lot's notice no longer stands as it was: lifted, a warning turned into a
# recall (or back), or a new notice saved after the last one ended. `lot` is the lot as now saved.
# Receivers treat what they told of the old notice as history, so the next notice is told as new.
lot_notice_ended = Signal()
