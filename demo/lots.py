"""Demo lots for `manage.py load_demo_lots`: for each pack size, a few lots with a full history.

Everything here is invented (marked `is_demo`): lot codes, dates, quantities, events, test reports
and food-safety certificate numbers. OCOP decisions come from the product's own decision number.
Idempotent: a pack size that already has demo lots is left alone; certificates are keyed by number.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalogue.models import PackSize
from catalogue.text import fold
from traceability.models import Certificate, CertificateKind, EventKind, Lot, LotEvent

from .synthetic import SLUG_PREFIX as SYNTHETIC_SLUG_PREFIX

LOTS_PER_PACK = 3
LOT_SPACING_DAYS = 45


@dataclass(frozen=True)
class Material:
    """What a product is made from, where it is grown, and how it is made (for the events' text)."""

    name: str
    grower: str
    harvest: str
    processing: str
    shelf_days: int


MATERIALS = (
    (
        ("thach dua",),
        Material(
            "nước dừa già",
            "Tổ hợp tác trồng dừa",
            "Thu gom nước dừa già trong ngày từ các lò cơm dừa, lọc và chuyển về xưởng bằng thùng inox.",
            "Lên men nước dừa với men Acetobacter xylinum 7 ngày, cắt khối, rửa và nấu đường.",
            270,
        ),
    ),
    (
        ("dua", "xa bong", "mat na"),
        Material(
            "dừa khô",
            "Hợp tác xã dừa hữu cơ",
            "Hái dừa khô 11–12 tháng tuổi trên vườn dừa, tách vỏ và chở về xưởng bằng ghe.",
            "Nạo cơm dừa, vắt nước cốt, nấu với mạch nha và đường trong chảo 3 giờ, cán và cắt viên.",
            365,
        ),
    ),
    (
        ("khoai lang",),
        Material(
            "khoai lang",
            "Hộ trồng khoai thôn Nội Chùa",
            "Dỡ khoai lang 110 ngày tuổi, phân loại củ, hong khô 2 ngày trong nhà kho.",
            "Rửa, phân cỡ và đóng thùng; loại bỏ củ xây xát.",
            60,
        ),
    ),
    (
        ("nhan",),
        Material(
            "nhãn tươi",
            "Hợp tác xã dịch vụ nông nghiệp",
            "Thu hái nhãn chín, chọn quả đều, chuyển về lò sấy trong ngày.",
            "Bóc cùi nhãn, sấy than củi 36 giờ ở 60–65 °C, phân loại long nhãn.",
            365,
        ),
    ),
    (
        ("mat ong",),
        Material(
            "mật ong hoa nhãn",
            "Tổ nuôi ong",
            "Quay mật từ các thùng ong đặt tại vườn nhãn, lọc thô và chứa trong can thực phẩm.",
            "Lọc tinh, hạ thuỷ phần dưới 20%, phối trộn và chiết chai.",
            730,
        ),
    ),
    (
        ("tra", "dong trung", "sam", "ruou"),
        Material(
            "dược liệu",
            "Hợp tác xã dược liệu",
            "Thu hái hoa và lá dược liệu buổi sáng, sơ chế và làm héo tại chỗ.",
            "Sấy lạnh, nghiền, phối trộn theo công thức và chiết rót.",
            540,
        ),
    ),
    (
        ("nem",),
        Material(
            "thịt lợn tươi",
            "Trang trại chăn nuôi đạt VietGAHP",
            "Nhận thịt lợn nóng trong ngày từ cơ sở giết mổ có kiểm dịch.",
            "Xay giã, trộn thính và gia vị, gói lá ổi và lá chuối, ủ chua 2–3 ngày.",
            10,
        ),
    ),
    (
        ("banh",),
        Material(
            "gạo nếp cái hoa vàng",
            "Hộ trồng lúa nếp",
            "Gặt lúa nếp, phơi khô và xay xát tại địa phương.",
            "Ngâm nếp, nấu mật mía, giã bột và hấp bánh theo công thức truyền thống.",
            30,
        ),
    ),
)
DEFAULT_MATERIAL = Material(
    "nguyên liệu địa phương",
    "Tổ hợp tác sản xuất",
    "Thu hoạch nguyên liệu tại vùng trồng của chủ thể.",
    "Sơ chế, chế biến theo quy trình của cơ sở.",
    365,
)


def material_for(title: str) -> Material:
    folded = fold(title)
    for keywords, material in MATERIALS:
        if any(keyword in folded for keyword in keywords):
            return material
    return DEFAULT_MATERIAL


def pack_sizes_to_fill(include_synthetic: bool):
    packs = PackSize.objects.select_related(
        "product__producer__province", "product__producer__commune"
    ).order_by("pk")
    if not include_synthetic:
        packs = packs.exclude(product__slug__startswith=SYNTHETIC_SLUG_PREFIX)
    return packs


def _area(producer) -> str:
    if producer is None:
        return "Vùng nguyên liệu của chủ thể"
    place = ", ".join(
        p for p in [producer.commune.name if producer.commune_id else "", producer.province.name] if p
    )
    former = f" ({producer.former_address})" if producer.former_address else ""
    return f"{place}{former}"[:200]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@transaction.atomic
def create_lots(pack, today: datetime.date) -> int:
    """Create demo lots for one pack size unless it has some already; return how many were created."""
    if Lot.objects.filter(pack_size=pack, is_demo=True).exists():
        return 0
    product = pack.product
    producer = product.producer
    material = material_for(product.title)
    rng = random.Random(pack.pk)  # the same story for the same pack size on every machine
    area = _area(producer)
    actor = producer.title if producer else "Cơ sở sản xuất"
    commune = producer.commune.name if producer and producer.commune_id else ""
    workshop = producer.address_line if producer else area
    created = 0
    for number in range(LOTS_PER_PACK):
        produced = today - datetime.timedelta(days=10 + number * LOT_SPACING_DAYS + rng.randrange(5))
        harvested = produced - datetime.timedelta(days=1 + rng.randrange(3))
        lot = Lot.objects.create(
            pack_size=pack,
            code=f"L{produced:%y%m%d}-{number + 1:02d}",
            production_date=produced,
            expiry_date=produced + datetime.timedelta(days=material.shelf_days),
            quantity=rng.randrange(4, 40) * 100,
            raw_material_area=f"Vùng {material.name}, {area}"[:200],
            raw_material_grower=f"{material.grower} {commune}".strip(),
            harvest_date=harvested,
            is_demo=True,
        )
        steps = [
            (
                EventKind.HARVEST,
                _at(harvested, 6),
                f"Vùng {material.name}, {area}",
                material.grower,
                material.harvest,
            ),
            (
                EventKind.PROCESSING,
                _at(produced, 7),
                f"Xưởng chế biến, {workshop}",
                actor,
                material.processing,
            ),
            (
                EventKind.PACKAGING,
                _at(produced, 14),
                f"Xưởng đóng gói, {workshop}",
                actor,
                f"Đóng gói {pack.label}, in số lô {lot.code}, NSX và HSD; dán tem truy xuất QR.",
            ),
            (
                EventKind.QUALITY_TEST,
                _at(produced + datetime.timedelta(days=2), 9),
                "Phòng thử nghiệm được công nhận ISO/IEC 17025 (minh hoạ)",
                "Trung tâm kiểm nghiệm (minh hoạ)",
                "Lấy mẫu ngẫu nhiên; chỉ tiêu vi sinh, kim loại nặng và phụ gia đạt theo quy chuẩn.",
            ),
            (
                EventKind.SHIPMENT,
                _at(produced + datetime.timedelta(days=4), 8),
                f"Kho thành phẩm, {workshop}",
                "Đơn vị vận chuyển (minh hoạ)",
                "Xuất kho cho cửa hàng giới thiệu sản phẩm OCOP và đơn hàng trực tuyến.",
            ),
        ]
        LotEvent.objects.bulk_create(
            LotEvent(
                lot=lot,
                kind=kind,
                occurred_at=at,
                place=place[:200],
                actor=who[:200],
                description=text,
                sort_order=i,
            )
            for i, (kind, at, place, who, text) in enumerate(steps)
        )
        Certificate.objects.create(
            kind=CertificateKind.TEST_REPORT,
            number=f"KN-{lot.code}-{pack.pk}",
            issuer="Trung tâm kiểm nghiệm (minh hoạ)",
            valid_from=produced + datetime.timedelta(days=3),
            valid_until=lot.expiry_date,
            lot=lot,
            is_demo=True,
        )
        created += 1
    return created


def create_producer_certificates(producer) -> int:
    """A food-safety certificate per producer. Not the OCOP decisions: they are the products'
    "Chứng nhận OCOP" records, which lot pages list themselves."""
    return _ensure_certificate(
        {
            "producer": producer,
            "kind": CertificateKind.FOOD_SAFETY,
            "number": f"{producer.pk:03d}/2024/CNĐK-ATTP",
        },
        {
            "issuer": f"Sở Y tế {producer.province.name} (minh hoạ)",
            "valid_from": datetime.date(2024, 3, 15),
            "valid_until": datetime.date(2027, 3, 15),
            "is_demo": True,
        },
    )


def _ensure_certificate(identity: dict, details: dict) -> int:
    """Create the certificate unless one with the same identity exists (1 if created). Not
    get_or_create: editors may have copied it in the admin since, and two alike must not stop the
    next `make run`."""
    if Certificate.objects.filter(**identity).exists():
        return 0
    Certificate.objects.create(**identity, **details)
    return 1
