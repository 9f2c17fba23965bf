"""What a product page's revision may change in its pack sizes when it is published (approval,
scheduled publish, revert) or opened in the editor.

Pack sizes are an inline of the product page, so each revision holds a copy of them. Three of their
values are not the revision's to decide:
- Stock is live inventory: sales and returns change it while a revision waits for approval. An existing
  pack keeps the stock the database holds, and publishing does not even write that column (see
  `PackSize.save`), so a sale committed in between is never undone and the stock log records no
  change that did not happen. Stock is counted on the stock and price screen; the product editor
  sets it only for a new pack.
- Price is the producer's to edit in a revision, but a later change on the stock and price screen must
  not be undone by an older draft. Each revision notes the live price of every existing pack when the
  editor was opened (the live price when saved if no form was opened) (`LIVE_PRICE`), not the price of
  a draft the editor showed, so that a price changed in a saved draft counts when it is submitted; its price
  applies only where it differs from that note, i.e. where the producer changed it in that draft. A revision saved before these notes existed changes no price.
- A pack that has lots keeps its GTIN: the QR codes printed on the lots carry it (the editor refuses
  such a change; this covers a revision submitted before the first lot was recorded).
A pack new in the revision (not in the database yet) takes the revision's values.
"""

from django.db.models import Exists, OuterRef
from wagtail.models import Revision, WorkflowState

from .forms import protected_by_other_records

LIVE_PRICE = "live_price"
LIVE_FIELDS = ("stock", "price", "gtin")


def note_live_prices(content: dict, live_packs, shown_prices=None) -> dict:
    """Write into a revision's `content` the price each of its existing packs had before this edit: the
    live price when the editor was opened (`shown_prices`, by pack id) where known, else the live price now.
    A tab left open while the stock screen changed a price thus notes the old price it showed, and an
    unchanged price in it does not undo the stock screen's change."""
    rows = [row for row in content.get("pack_sizes", ()) if row.get("pk")]
    prices = dict(live_packs.filter(pk__in=[row["pk"] for row in rows]).values_list("pk", "price"))
    prices.update({pk: price for pk, price in (shown_prices or {}).items() if pk in prices})
    for row in rows:
        if row["pk"] in prices:
            row[LIVE_PRICE] = prices[row["pk"]]
    return content


def keep_live_values(packs, content: dict, live_packs) -> None:
    """Give `packs` (built from revision `content`) the database's stock, and its price and GTIN where
    the revision may not change them; mark what was kept so that saving them leaves those columns alone."""
    noted = {row.get("pk"): row.get(LIVE_PRICE) for row in content.get("pack_sizes", ())}
    existing = [pack for pack in packs if pack.pk]
    live = {
        row["pk"]: row
        for row in live_packs.filter(pk__in=[p.pk for p in existing]).values("pk", *LIVE_FIELDS)
    }
    for pack in existing:
        current = live.get(pack.pk)
        if current is None:
            continue
        kept = {"stock"}
        if noted.get(pack.pk) is None or pack.price == noted[pack.pk]:
            kept.add("price")
        if pack.gtin != current["gtin"] and protected_by_other_records(pack):
            kept.add("gtin")
        for name in kept:
            setattr(pack, name, current[name])
        pack.live_fields_kept = frozenset(kept)


def pending_prices(packs) -> dict[int, int]:
    """The new price of each of `packs` (loaded with their product) that waits for approval: the price
    its product page's latest revision would publish (`keep_live_values`: one the producer changed in
    that revision) where it is not the live price, while the page is in a moderation workflow. One
    query, however many packs and pages."""
    live = {pack.pk: pack.price for pack in packs}
    revision_ids = {pack.product.latest_revision_id for pack in packs} - {None}
    if not revision_ids:
        return {}
    in_moderation = WorkflowState.objects.active().filter(
        base_content_type=OuterRef("base_content_type"), object_id=OuterRef("object_id")
    )
    contents = Revision.objects.filter(Exists(in_moderation), pk__in=revision_ids).values_list(
        "content", flat=True
    )
    pending = {}
    for content in contents:
        for row in content.get("pack_sizes", ()):
            pk, price, noted = row.get("pk"), row.get("price"), row.get(LIVE_PRICE)
            if pk in live and noted is not None and price not in (noted, live[pk]):
                pending[pk] = price
    return pending
