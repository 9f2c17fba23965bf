"""Fixtures for the configuration tests: the gift combo fixtures, for the CSP test's combo pages; a lot."""

from tests.combos import combo_image, combo_index, gift_box, tea_pack  # noqa: F401  (gift combo fixtures)
from tests.traceability.conftest import lot, pack  # noqa: F401  (a lot, for the traceability addresses)
