"""Demo data of storefront's part in a recall: an order, delivered from the demo lot that `load_demo_lots` recalls, whose buyer gets the notice."""

from django.utils import timezone

from places.models import Province
from storefront.models import Order, OrderLine, OrderState, PartState
from storefront.shipment_models import ShippedLot

DEMO_EMAIL = "nguoi-mua-minh-hoa@ocop.example"


def ship_a_demo_order_from(recalled):
    if ShippedLot.objects.filter(lot=recalled).exists():
        return
    pack = recalled.pack_size
    province = Province.objects.filter(communes__isnull=False).order_by("code").first()
    if province is None:
        return
    order = Order.objects.create(
        state=OrderState.DELIVERED,
        payment_method="cod",
        full_name="Khách hàng minh hoạ",
        phone="+84912345678",
        email=DEMO_EMAIL,
        province=province,
        commune=province.communes.order_by("code").first(),
        street="12 Đồng Khởi (địa chỉ minh hoạ)",
        note="Đơn hàng minh hoạ cho thông báo thu hồi",
        subtotal=pack.price * 2,
        shipping_fee=0,
        total=pack.price * 2,
        paid_at=timezone.now(),
        confirmation_sent_at=timezone.now(),  # a delivered order, long confirmed: nothing for the sweep
    )
    line = OrderLine.objects.create(
        order=order,
        pack_size=pack,
        product_title=pack.product.title,
        pack_label=pack.label,
        gtin=pack.gtin,
        unit_price=pack.price,
        quantity=2,
        # As checkout and the delivery set them: the producer's account sees the order and its part.
        producer_id=pack.product.producer_id,
        fulfilment=PartState.SHIPPED,
    )
    ShippedLot.objects.create(line=line, lot=recalled, quantity=2)


def repair_demo_orders() -> int:
    """Give the demo order lines loaded before lines had a producer theirs, as checkout sets it (the
    producer's account could not see the order that received the recall notice). Runs on every load;
    changes nothing the second time. Returns how many lines it repaired."""
    lines = OrderLine.objects.filter(
        order__email=DEMO_EMAIL, producer__isnull=True, pack_size__product__producer__isnull=False
    ).select_related("pack_size__product", "order")
    repaired = 0
    for line in lines:
        line.producer_id = line.pack_size.product.producer_id
        if line.order.state == OrderState.DELIVERED:
            line.fulfilment = PartState.SHIPPED
        line.save(update_fields=["producer", "fulfilment"])
        repaired += 1
    return repaired
