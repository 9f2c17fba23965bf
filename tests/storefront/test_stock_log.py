"""Sales and cancellations leave their trace in the catalogue's stock log, in the order's transaction."""

from django.urls import reverse

from catalogue.stock import Reason, StockMovement


def test_an_order_and_its_cancellation_are_logged_old_to_new(client, place, pack):
    order = place({pack: 3})
    sale = StockMovement.objects.get(reason=Reason.SALE)
    assert (sale.pack_size_id, sale.old_stock, sale.new_stock) == (pack.pk, 12, 9)
    # cancelling takes a confirmation step: the confirming form posts confirm=1
    client.post(reverse("storefront:order_cancel", args=[order.token]), {"confirm": "1"})
    back = StockMovement.objects.get(reason=Reason.CANCELLATION)
    assert (back.old_stock, back.new_stock, back.note) == (9, 12, order.code)
