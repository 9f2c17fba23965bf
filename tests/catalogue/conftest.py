"""Gift combo fixtures for the catalogue tests (defined in tests/combos.py, shared with the storefront's)."""

from tests.combos import combo_image, combo_index, gift_box, tea_pack  # noqa: F401
