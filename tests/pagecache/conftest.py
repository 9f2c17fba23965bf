"""The gift combo fixtures (tests/combos.py): a combo's stock for a box is in the merchant feed. The
checkout fixtures, for a sale made while Varnish is down."""

from tests.combos import combo_index, tea_pack  # noqa: F401
from tests.storefront.conftest import checkout_data, commune, province, shipping  # noqa: F401
