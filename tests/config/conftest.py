"""Fixtures for the configuration tests: the gift combo fixtures, for the CSP test's combo pages."""

from tests.combos import combo_image, combo_index, gift_box, tea_pack  # noqa: F401  (gift combo fixtures)
