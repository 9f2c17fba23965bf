"""The gift combo fixtures (tests/combos.py): a combo's stock for a box is in the merchant feed."""

from tests.combos import combo_index, tea_pack  # noqa: F401
