"""The demo catalogue: every producer and product named in the seeds (shared/seeds, summarised in
shared/DOMAIN.md) with their known star ratings, plus plausible products to fill each category.

What the seeds do not give is invented and marked as demo (`is_demo`): prices, GTINs (valid check
digits on GS1 Vietnam's 893 prefix, company prefixes made up), stock, photos (drawn), decision numbers
and dates, and the exact current commune where the 2025 merger's mapping was not in the package.
Producers are written in code, not a fixture dump, so the loader survives schema changes.
"""

from dataclasses import dataclass, field

VINH_LONG, BAC_NINH = 86, 24


@dataclass(frozen=True)
class Pack:
    label: str
    price: int
    stock: int


@dataclass(frozen=True)
class Product:
    slug: str
    title: str
    summary: str
    categories: tuple[str, ...]
    stars: int
    decision: tuple[str, str]  # number, ISO date (invented: the seeds name no product's decision)
    level: str = "province"
    potential_five: bool = False
    # Decisions before the one in force (number, ISO date, stars), superseded by it: the seeds say which
    # products were re-evaluated (Lục Nam 2024); their numbers and dates are invented.
    earlier: tuple[tuple[str, str, int], ...] = ()
    revoked: str = ""  # a revocation's reason: an invented example, so the state can be seen
    ingredients: str = ""
    shelf_life: str = "12 tháng"
    storage: str = "Nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp"
    tags: tuple[str, ...] = ()
    packs: tuple[Pack, ...] = (Pack("Hộp 400g", 45_000, 120),)


@dataclass(frozen=True)
class Producer:
    slug: str
    title: str
    kind: str
    province: int
    commune: int | None
    street: str
    former: str
    summary: str
    story: tuple[tuple[str, str], ...]
    company_prefix: str  # invented: 893 + 4 digits, so that item references fit a GTIN-13
    products: tuple[Product, ...] = field(default=())
    craft_village: str = ""
    founded: int | None = None


@dataclass(frozen=True)
class Category:
    slug: str
    title: str
    intro: str
    colour: tuple[int, int, int]


CATEGORIES = (
    Category("keo-dua", "Kẹo dừa", "Kẹo dừa xứ Dừa Bến Tre: từ cơm dừa, mạch nha và đường.", (139, 94, 52)),
    Category("thach-dua", "Thạch dừa", "Thạch dừa lên men tự nhiên từ nước dừa già.", (94, 160, 170)),
    Category("my-pham-tu-dua", "Mỹ phẩm từ dừa", "Mặt nạ, xà bông và dầu dừa nguyên chất.", (212, 160, 160)),
    Category(
        "tra-thao-duoc", "Trà & thảo dược", "Trà hoa vàng, đông trùng hạ thảo, sâm việt.", (96, 128, 64)
    ),
    Category(
        "dac-san", "Đặc sản vùng miền", "Khoai lang, nem chua, bánh mật, long nhãn, bánh tét.", (190, 120, 40)
    ),
    Category("mat-ong-ruou", "Mật ong & rượu", "Mật ong và rượu ngâm dược liệu.", (200, 150, 30)),
)

_DONG_A_STORY = (
    ("heading", "Từ xứ dừa Bến Tre"),
    (
        "paragraph",
        "Công ty TNHH Sản xuất kinh doanh tổng hợp Đông Á làm kẹo dừa ở Bến Tre, nay thuộc tỉnh Vĩnh Long. "
        "Năm 2023, bốn sản phẩm kẹo dừa của công ty – kẹo dừa ca cao, kẹo dừa sầu riêng lá dứa, kẹo dừa gừng "
        "và kẹo dừa sầu riêng – là những sản phẩm OCOP 5 sao đầu tiên của tỉnh Bến Tre.",
    ),
    ("figure", "4|sản phẩm OCOP 5 sao đầu tiên của Bến Tre"),
    (
        "paragraph",
        "Cơm dừa được nạo trong ngày, nấu cùng mạch nha và đường trong chảo lớn, rồi cán, cắt và gói tay "
        "từng viên. Hương vị ca cao, gừng, sầu riêng và lá dứa được thêm vào từ nguyên liệu thật.",
    ),
    ("quote", "Mỗi viên kẹo dừa mang theo vị ngọt của vườn dừa quê mình.|Đại diện công ty (lời minh hoạ)"),
)


def _story(*paragraphs: str) -> tuple[tuple[str, str], ...]:
    return tuple(("paragraph", p) for p in paragraphs)


PRODUCERS = (
    Producer(
        slug="dong-a",
        title="Công ty TNHH Sản xuất kinh doanh tổng hợp Đông Á",
        kind="company",
        province=VINH_LONG,
        commune=28756,  # Phường Phú Khương
        street="Khu phố 1",
        former="thành phố Bến Tre, tỉnh Bến Tre cũ",
        summary="Nhà sản xuất của bốn sản phẩm kẹo dừa OCOP 5 sao đầu tiên của Bến Tre.",
        story=_DONG_A_STORY,
        company_prefix="8930101",
        founded=1998,
        products=(
            Product(
                "keo-dua-ca-cao",
                "Kẹo dừa ca cao",
                "Kẹo dừa dẻo vị ca cao, nấu từ cơm dừa tươi và bột ca cao.",
                ("keo-dua",),
                5,
                ("1842/QĐ-BNN-KTHT", "2023-12-20"),
                level="national",
                ingredients="Cơm dừa, mạch nha, đường, bột ca cao",
                tags=("kẹo dừa", "quà tặng", "5 sao"),
                packs=(
                    Pack("Hộp 400g", 48_000, 240),
                    Pack("Túi 250g", 32_000, 180),
                    Pack("Hộp quà 800g", 95_000, 40),
                ),
            ),
            Product(
                "keo-dua-sau-rieng-la-dua",
                "Kẹo dừa sầu riêng lá dứa",
                "Vị sầu riêng đậm quyện hương lá dứa tươi.",
                ("keo-dua",),
                5,
                ("1842/QĐ-BNN-KTHT", "2023-12-20"),
                level="national",
                ingredients="Cơm dừa, mạch nha, đường, sầu riêng, lá dứa",
                tags=("kẹo dừa", "sầu riêng", "5 sao"),
                packs=(Pack("Hộp 400g", 52_000, 160), Pack("Túi 250g", 35_000, 90)),
            ),
            Product(
                "keo-dua-gung",
                "Kẹo dừa gừng",
                "Kẹo dừa cay ấm vị gừng tươi, hợp ngày mưa.",
                ("keo-dua",),
                5,
                ("1842/QĐ-BNN-KTHT", "2023-12-20"),
                level="national",
                ingredients="Cơm dừa, mạch nha, đường, gừng tươi",
                tags=("kẹo dừa", "gừng", "5 sao"),
                packs=(Pack("Hộp 400g", 45_000, 200), Pack("Túi 250g", 30_000, 0)),
            ),
            Product(
                "keo-dua-sau-rieng",
                "Kẹo dừa sầu riêng",
                "Kẹo dừa truyền thống với sầu riêng Cái Mơn.",
                ("keo-dua",),
                5,
                ("1842/QĐ-BNN-KTHT", "2023-12-20"),
                level="national",
                ingredients="Cơm dừa, mạch nha, đường, sầu riêng",
                tags=("kẹo dừa", "sầu riêng", "5 sao"),
                packs=(Pack("Hộp 400g", 50_000, 150), Pack("Túi 500g", 58_000, 60)),
            ),
        ),
    ),
    Producer(
        slug="vinh-tien",
        title="Công ty TNHH Vĩnh Tiến",
        kind="company",
        province=VINH_LONG,
        commune=28858,  # Phường Phú Tân
        street="Ấp 2",
        former="thành phố Bến Tre, tỉnh Bến Tre cũ",
        summary="Cơ sở kẹo dừa có sản phẩm OCOP 4 sao từ đợt đánh giá đầu tiên của thành phố Bến Tre.",
        story=_story(
            "Công ty TNHH Vĩnh Tiến là một trong sáu chủ thể của thành phố Bến Tre có sản phẩm đạt OCOP "
            "trong hai đợt đánh giá 2019–2020, với các mặt hàng kẹo dừa.",
            "Các dòng kẹo dừa lá dứa và kẹo dừa đậu phộng được tái chứng nhận 4 sao và đang được hoàn thiện "
            "hồ sơ để tham gia đánh giá cấp quốc gia.",
        ),
        company_prefix="8930102",
        products=(
            Product(
                "keo-dua-la-dua-vinh-tien",
                "Kẹo dừa lá dứa Vĩnh Tiến",
                "Kẹo dừa mềm thơm mùi lá dứa, màu xanh tự nhiên.",
                ("keo-dua",),
                4,
                ("3215/QĐ-UBND", "2024-10-28"),
                potential_five=True,
                ingredients="Cơm dừa, mạch nha, đường, nước lá dứa",
                tags=("kẹo dừa", "lá dứa"),
                packs=(Pack("Hộp 400g", 42_000, 140), Pack("Túi 250g", 28_000, 75)),
            ),
            Product(
                "keo-dua-dau-phong-vinh-tien",
                "Kẹo dừa đậu phộng Vĩnh Tiến",
                "Kẹo dừa giòn bùi với đậu phộng rang.",
                ("keo-dua",),
                4,
                ("3215/QĐ-UBND", "2024-10-28"),
                ingredients="Cơm dừa, mạch nha, đường, đậu phộng",
                tags=("kẹo dừa", "đậu phộng"),
                packs=(Pack("Hộp 400g", 40_000, 110),),
            ),
        ),
    ),
    Producer(
        slug="cuu-long",
        title="Công ty TNHH chế biến sản phẩm dừa Cửu Long",
        kind="company",
        province=VINH_LONG,
        commune=28858,
        street="Khu công nghiệp An Hiệp",
        former="tỉnh Bến Tre cũ",
        summary="Chế biến thạch dừa, mặt nạ dừa, xà bông dừa và dầu dừa.",
        story=_story(
            "Từ nước dừa già và cơm dừa, công ty làm thạch dừa, mặt nạ sinh học từ thạch dừa, xà bông và dầu "
            "dừa – những mặt hàng đã đưa thành phố Bến Tre vào danh sách sản phẩm OCOP 4 sao năm 2019–2020.",
        ),
        company_prefix="8930103",
        products=(
            Product(
                "mat-na-dua",
                "Mặt nạ dừa sinh học",
                "Mặt nạ dưỡng ẩm từ thạch dừa lên men tự nhiên.",
                ("my-pham-tu-dua",),
                4,
                ("2876/QĐ-UBND", "2024-06-25"),
                ingredients="Thạch dừa (cellulose sinh học), nước dừa, tinh chất nha đam",
                shelf_life="24 tháng",
                tags=("mỹ phẩm", "dưỡng da"),
                packs=(Pack("Hộp 5 miếng", 85_000, 90), Pack("Miếng lẻ", 19_000, 300)),
            ),
            Product(
                "xa-bong-dua",
                "Xà bông dừa thiên nhiên",
                "Xà bông nấu lạnh từ dầu dừa nguyên chất.",
                ("my-pham-tu-dua",),
                4,
                ("1120/QĐ-UBND", "2020-06-10"),
                ingredients="Dầu dừa, dầu olive, tinh dầu sả chanh",
                shelf_life="24 tháng",
                tags=("mỹ phẩm",),
                packs=(Pack("Bánh 100g", 35_000, 200),),
            ),
            Product(
                "dau-dua-nguyen-chat",
                "Dầu dừa nguyên chất ép lạnh",
                "Dầu dừa ép lạnh dùng cho da, tóc và nấu ăn.",
                ("my-pham-tu-dua",),
                4,
                ("2876/QĐ-UBND", "2024-06-25"),
                ingredients="100% dầu dừa ép lạnh",
                shelf_life="24 tháng",
                packs=(Pack("Chai 250ml", 75_000, 60), Pack("Chai 500ml", 135_000, 25)),
            ),
            Product(
                "thach-dua-cuu-long",
                "Thạch dừa Cửu Long",
                "Thạch dừa giòn dai ngâm nước đường, dùng cho chè và trà sữa.",
                ("thach-dua",),
                4,
                ("2876/QĐ-UBND", "2024-06-25"),
                ingredients="Thạch dừa, đường, nước",
                shelf_life="6 tháng",
                packs=(Pack("Túi 1kg", 38_000, 150),),
            ),
        ),
    ),
    Producer(
        slug="sa-sam-viet",
        title="Công ty cổ phần Sa Sâm Việt",
        kind="company",
        province=VINH_LONG,
        commune=28756,
        street="Khu phố 3",
        former="thành phố Bến Tre, tỉnh Bến Tre cũ",
        summary="Bột sâm việt (sa sâm) từ vùng đất giồng cát ven biển.",
        story=_story(
            "Sa sâm mọc trên giồng cát ven biển Bến Tre. Công ty chế biến rễ sa sâm thành bột sâm việt, "
            "sản phẩm được công nhận OCOP trong đợt đánh giá 2019–2020 của thành phố Bến Tre."
        ),
        company_prefix="8930104",
        products=(
            Product(
                "bot-sam-viet",
                "Bột sâm việt",
                "Bột sa sâm sấy lạnh, pha uống thanh nhiệt.",
                ("tra-thao-duoc",),
                4,
                ("2876/QĐ-UBND", "2024-06-25"),
                ingredients="100% rễ sa sâm",
                shelf_life="18 tháng",
                packs=(Pack("Hũ 200g", 120_000, 45),),
            ),
        ),
    ),
    Producer(
        slug="thach-dua-minh-tam",
        title="Hộ kinh doanh Trần Minh Tâm (Thạch dừa Minh Tâm)",
        kind="household",
        province=VINH_LONG,
        commune=28756,
        street="Ấp Phú Chánh",
        former="thành phố Bến Tre, tỉnh Bến Tre cũ",
        summary="Cơ sở thạch dừa gia đình, sản phẩm được đánh giá đạt chuẩn OCOP.",
        story=_story(
            "Cơ sở sản xuất thạch dừa Minh Tâm là hộ kinh doanh gia đình. Sản phẩm thạch dừa của cơ sở được "
            "đánh giá đạt chuẩn OCOP (nguồn: bài viết của thành phố Bến Tre, 2020)."
        ),
        company_prefix="8930105",
        products=(
            Product(
                "thach-dua-minh-tam",
                "Thạch dừa Minh Tâm",
                "Thạch dừa tươi làm thủ công mỗi ngày.",
                ("thach-dua",),
                3,
                ("2876/QĐ-UBND", "2024-06-25"),
                ingredients="Nước dừa già, đường",
                shelf_life="3 tháng",
                storage="Bảo quản mát 4–10 °C",
                packs=(Pack("Hũ 500g", 25_000, 80), Pack("Túi 1kg", 42_000, 30)),
            ),
        ),
    ),
    Producer(
        slug="dua-sap-cau-ke",
        title="Hợp tác xã Dừa sáp Cầu Kè",
        kind="cooperative",
        province=VINH_LONG,
        commune=29308,  # Xã Cầu Kè
        street="Ấp Chà Và",
        former="huyện Cầu Kè, tỉnh Trà Vinh cũ",
        summary="Dừa sáp – đặc sản Trà Vinh – và kẹo dừa sáp (chủ thể minh hoạ).",
        story=_story(
            "Trà Vinh đặt mục tiêu có thêm 40 sản phẩm OCOP 3 sao trở lên trong năm 2024. Hợp tác xã này là "
            "một chủ thể minh hoạ cho các sản phẩm dừa sáp của vùng Cầu Kè."
        ),
        company_prefix="8930106",
        products=(
            Product(
                "dua-sap-cau-ke",
                "Dừa sáp Cầu Kè",
                "Trái dừa sáp cơm dẻo đặc, nước sệt.",
                ("dac-san",),
                4,
                ("1984/QĐ-UBND", "2024-11-05"),
                shelf_life="10 ngày",
                storage="Bảo quản mát",
                packs=(Pack("Trái", 150_000, 30),),
            ),
            Product(
                "keo-dua-sap",
                "Kẹo dừa sáp",
                "Kẹo dừa làm từ cơm dừa sáp, béo và thơm.",
                ("keo-dua",),
                3,
                ("1984/QĐ-UBND", "2024-11-05"),
                revoked="Minh hoạ: kiểm tra định kỳ năm 2025 thấy sản phẩm không còn đạt tiêu chí OCOP.",
                ingredients="Cơm dừa sáp, mạch nha, đường",
                packs=(Pack("Hộp 300g", 55_000, 70),),
            ),
        ),
    ),
    Producer(
        slug="banh-tet-tra-cuon",
        title="Làng nghề bánh tét Trà Cuôn",
        kind="craft_village",
        province=VINH_LONG,
        commune=29329,  # Xã Phong Thạnh
        street="Ấp Trà Cuôn",
        former="xã Ninh Thới, huyện Cầu Kè, tỉnh Trà Vinh cũ",
        craft_village="Làng nghề bánh tét Trà Cuôn",
        summary="Làng nghề bánh tét lá cẩm truyền thống (chủ thể minh hoạ).",
        story=_story(
            "Bến Tre và Trà Vinh đặt mục tiêu ít nhất 10% chủ thể OCOP đến từ làng nghề. Làng nghề bánh tét "
            "Trà Cuôn là chủ thể minh hoạ cho nhóm này."
        ),
        company_prefix="8930107",
        products=(
            Product(
                "banh-tet-la-cam",
                "Bánh tét lá cẩm",
                "Bánh tét nếp lá cẩm nhân đậu xanh, thịt mỡ.",
                ("dac-san",),
                3,
                ("1984/QĐ-UBND", "2024-11-05"),
                shelf_life="7 ngày",
                storage="Bảo quản mát",
                packs=(Pack("Đòn 1kg", 90_000, 25),),
            ),
        ),
    ),
    Producer(
        slug="khoai-lang-yen-son",
        title="Hộ kinh doanh khoai lang Yên Sơn",
        kind="household",
        province=BAC_NINH,
        commune=7498,  # Xã Bắc Lũng (best guess of the 2025 merger)
        street="Thôn Nội Chùa",
        former="xã Yên Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Khoai lang Yên Sơn, đăng ký OCOP mới năm 2024.",
        story=_story(
            "Khoai lang trồng trên đất đồi Yên Sơn, bở và ngọt; sản phẩm đăng ký OCOP mới năm 2024."
        ),
        company_prefix="8930201",
        products=(
            Product(
                "khoai-lang-yen-son",
                "Khoai lang Yên Sơn",
                "Khoai lang ruột vàng, bở, ngọt tự nhiên.",
                ("dac-san",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                shelf_life="30 ngày",
                packs=(Pack("Túi 2kg", 60_000, 100), Pack("Thùng 5kg", 140_000, 40)),
            ),
        ),
    ),
    Producer(
        slug="htx-luc-son",
        title="HTX dịch vụ nông nghiệp xã Lục Sơn",
        kind="cooperative",
        province=BAC_NINH,
        commune=7492,  # Xã Lục Sơn
        street="",
        former="xã Lục Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Long nhãn sấy từ nhãn vùng đồi Lục Sơn.",
        story=_story(
            "Hợp tác xã sấy long nhãn từ nhãn chín của các hộ thành viên; đăng ký OCOP mới năm 2024."
        ),
        company_prefix="8930202",
        products=(
            Product(
                "long-nhan-luc-son",
                "Long nhãn Lục Sơn",
                "Cùi nhãn sấy dẻo, ngọt thanh.",
                ("dac-san",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                packs=(Pack("Túi 500g", 160_000, 50),),
            ),
        ),
    ),
    Producer(
        slug="duoc-thao-truong-tho",
        title="Công ty TNHH dược thảo Trường Thọ",
        kind="company",
        province=BAC_NINH,
        commune=7444,  # Xã Lục Nam
        street="",
        former="huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Rượu và mật ong đông trùng hạ thảo.",
        story=_story("Công ty nuôi cấy đông trùng hạ thảo và làm rượu, mật ong ngâm đông trùng."),
        company_prefix="8930203",
        products=(
            Product(
                "ruou-dong-trung-ha-thao",
                "Rượu đông trùng hạ thảo",
                "Rượu nếp ngâm đông trùng hạ thảo.",
                ("mat-ong-ruou",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                ingredients="Rượu nếp, đông trùng hạ thảo",
                shelf_life="36 tháng",
                packs=(Pack("Chai 500ml", 350_000, 35),),
            ),
            Product(
                "mat-ong-dong-trung-ha-thao",
                "Mật ong đông trùng hạ thảo",
                "Mật ong rừng ngâm đông trùng hạ thảo.",
                ("mat-ong-ruou",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                ingredients="Mật ong, đông trùng hạ thảo",
                shelf_life="24 tháng",
                packs=(Pack("Hũ 300ml", 280_000, 40),),
            ),
        ),
    ),
    Producer(
        slug="banh-mat-thanh-lam",
        title="Tổ hợp tác bánh mật Thanh Lâm",
        kind="cooperative_group",
        province=BAC_NINH,
        commune=7444,
        street="",
        former="xã Thanh Lâm, huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Bánh mật gói lá chuối, nhân đậu xanh và mật mía.",
        story=_story("Tổ hợp tác giữ nghề bánh mật truyền thống; sản phẩm đăng ký OCOP mới năm 2024."),
        company_prefix="8930204",
        products=(
            Product(
                "banh-mat-thanh-lam",
                "Bánh mật Thanh Lâm",
                "Bánh nếp mật mía nhân đậu xanh.",
                ("dac-san",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                shelf_life="5 ngày",
                packs=(Pack("Chục 10 chiếc", 50_000, 60),),
            ),
        ),
    ),
    Producer(
        slug="nem-chua-tu-thuy",
        title="Hộ kinh doanh Nem chua Tư Thủy",
        kind="household",
        province=BAC_NINH,
        commune=7489,  # Xã Trường Sơn
        street="Thôn Lầm",
        former="xã Trường Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Nem chua gói lá ổi, lá chuối.",
        story=_story("Nem chua làm từ thịt lợn nạc, thính gạo, gói lá ổi; đăng ký OCOP mới năm 2024."),
        company_prefix="8930205",
        products=(
            Product(
                "nem-chua-tu-thuy",
                "Nem chua Tư Thủy",
                "Nem chua chua dịu, gói lá ổi.",
                ("dac-san",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                shelf_life="7 ngày",
                storage="Bảo quản mát 0–5 °C",
                packs=(Pack("Chục 10 chiếc", 45_000, 80),),
            ),
        ),
    ),
    Producer(
        slug="htx-duoc-lieu-truong-son",
        title="HTX dược liệu công nghệ cao Trường Sơn",
        kind="cooperative",
        province=BAC_NINH,
        commune=7489,
        street="",
        former="xã Trường Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Trà hoa vàng và trà hoa vàng đông trùng túi lọc.",
        story=_story(
            "Hợp tác xã trồng trà hoa vàng dưới tán rừng. Trà hoa vàng được công nhận OCOP năm 2022 và được "
            "đánh giá lại năm 2024; trà hoa vàng đông trùng túi lọc là sản phẩm đăng ký mới năm 2024."
        ),
        company_prefix="8930206",
        products=(
            Product(
                "tra-hoa-vang",
                "Trà hoa vàng",
                "Bông trà hoa vàng sấy khô, nước vàng óng.",
                ("tra-thao-duoc",),
                4,
                ("2150/QĐ-UBND", "2024-12-16"),
                earlier=(("1302/QĐ-UBND", "2022-06-28", 3),),  # recognised 2022, upgraded 2024
                ingredients="100% bông trà hoa vàng",
                shelf_life="24 tháng",
                packs=(Pack("Hộp 50g", 250_000, 45),),
            ),
            Product(
                "tra-hoa-vang-dong-trung-tui-loc",
                "Trà hoa vàng đông trùng túi lọc",
                "Trà túi lọc phối trà hoa vàng và đông trùng hạ thảo.",
                ("tra-thao-duoc",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                ingredients="Trà hoa vàng, đông trùng hạ thảo",
                shelf_life="18 tháng",
                packs=(Pack("Hộp 20 túi", 180_000, 60),),
            ),
        ),
    ),
    Producer(
        slug="dong-trung-dong-hung",
        title="Cơ sở đông trùng hạ thảo Đông Hưng",
        kind="household",
        province=BAC_NINH,
        commune=7450,  # Xã Đông Phú
        street="Thôn Đông Sơn",
        former="xã Đông Hưng, huyện Lục Nam, tỉnh Bắc Giang cũ",
        summary="Đông trùng hạ thảo khô, đánh giá lại năm 2024.",
        story=_story(
            "Đông trùng hạ thảo khô của cơ sở được công nhận OCOP năm 2021 và đánh giá lại năm 2024."
        ),
        company_prefix="8930207",
        products=(
            Product(
                "dong-trung-ha-thao-kho",
                "Đông trùng hạ thảo khô",
                "Quả thể đông trùng hạ thảo sấy thăng hoa.",
                ("tra-thao-duoc",),
                3,
                ("2150/QĐ-UBND", "2024-12-16"),
                earlier=(("1547/QĐ-UBND", "2021-10-20", 3),),  # recognised 2021, re-evaluated 2024
                shelf_life="24 tháng",
                packs=(Pack("Hộp 10g", 320_000, 20),),
            ),
        ),
    ),
)

PROGRAMME_PAGE = {
    "slug": "chuong-trinh-ocop",
    "title": "Về chương trình OCOP",
    "intro": "Mỗi xã một sản phẩm: chương trình phát triển kinh tế nông thôn dựa trên sản phẩm địa phương.",
    "paragraphs": (
        "Sản phẩm OCOP được đánh giá, phân hạng từ 1 đến 5 sao; chỉ sản phẩm đạt từ 3 sao trở lên được công "
        "nhận là sản phẩm OCOP. Sản phẩm 3 và 4 sao do tỉnh công nhận, 5 sao do Hội đồng cấp quốc gia. "
        "Giấy chứng nhận có hiệu lực 36 tháng.",
        "Năm 2023, tỉnh Bến Tre có 62 sản phẩm OCOP đạt 3 sao trở lên (28 chủ thể); lũy kế 244 sản phẩm của "
        "105 chủ thể. Mục tiêu đến năm 2025: ít nhất 200 sản phẩm từ 3 sao, trong đó 30 sản phẩm 5 sao hoặc "
        "tiềm năng 5 sao; ít nhất 20% chủ thể là hợp tác xã và 10% là làng nghề.",
        "Trà Vinh phấn đấu có thêm 40 sản phẩm OCOP 3 sao trở lên trong năm 2024; huyện Lục Nam (Bắc Giang) "
        "phấn đấu tối thiểu 7 sản phẩm mới. Từ 1/7/2025, Bến Tre và Trà Vinh thuộc tỉnh Vĩnh Long, Bắc Giang "
        "thuộc tỉnh Bắc Ninh.",
    ),
    "figures": (("244", "sản phẩm OCOP của Bến Tre (lũy kế)"), ("4", "sản phẩm 5 sao đầu tiên của Bến Tre")),
}


@dataclass(frozen=True)
class Store:
    slug: str
    title: str
    province: int
    commune: int
    street: str
    former: str  # the units before the 2025 merger, shown after the address as on producers' pages
    opening_hours: str
    description: str
    producers: tuple[str, ...]


# Bến Tre planned five OCOP stores, one per district (seeds); these two are invented examples.
STORES = (
    Store(
        "ben-tre",
        "Cửa hàng giới thiệu sản phẩm OCOP Bến Tre",
        VINH_LONG,
        28756,
        "Đường Đồng Khởi",
        "thành phố Bến Tre, tỉnh Bến Tre cũ",
        "7:00–21:00 hằng ngày",
        "Kẹo dừa, thạch dừa, mỹ phẩm từ dừa và bột sâm việt của các chủ thể Bến Tre.",
        ("dong-a", "vinh-tien", "cuu-long", "sa-sam-viet", "thach-dua-minh-tam"),
    ),
    Store(
        "luc-nam",
        "Điểm giới thiệu sản phẩm OCOP Lục Nam",
        BAC_NINH,
        7444,
        "Khu trung tâm, thị trấn Đồi Ngô cũ",
        "huyện Lục Nam, tỉnh Bắc Giang cũ",
        "7:30–17:30, thứ Hai đến thứ Bảy",
        "Trà hoa vàng, long nhãn, khoai lang, bánh mật và nem chua của Lục Nam.",
        (
            "khoai-lang-yen-son",
            "htx-luc-son",
            "duoc-thao-truong-tho",
            "banh-mat-thanh-lam",
            "nem-chua-tu-thuy",
        ),
    ),
)


@dataclass(frozen=True)
class Combo:
    """A gift combo ("gói combo quà tặng", which the seeds say the programme encourages): components
    are (producer slug, product slug, pack label, quantity); the price is invented (demo)."""

    slug: str
    title: str
    summary: str
    price: int
    colour: tuple[int, int, int]
    components: tuple[tuple[str, str, str, int], ...]
    story: str = ""


COMBO_INDEX = {
    "slug": "qua-tang",
    "title": "Quà tặng OCOP",
    "intro": "Gói quà ghép từ sản phẩm OCOP của nhiều chủ thể, giá gói rẻ hơn mua lẻ.",
}

COMBOS = (
    Combo(
        "hop-qua-keo-dua-ben-tre",
        "Hộp quà kẹo dừa Bến Tre",
        "Bốn vị kẹo dừa 5 sao của Đông Á trong một hộp quà: ca cao, sầu riêng lá dứa, gừng và sầu riêng.",
        175_000,
        (139, 94, 52),
        (
            ("dong-a", "keo-dua-ca-cao", "Hộp 400g", 1),
            ("dong-a", "keo-dua-sau-rieng-la-dua", "Hộp 400g", 1),
            ("dong-a", "keo-dua-gung", "Hộp 400g", 1),
            ("dong-a", "keo-dua-sau-rieng", "Hộp 400g", 1),
        ),
        "Bốn sản phẩm kẹo dừa đầu tiên của Bến Tre đạt OCOP 5 sao, gói chung một hộp để biếu.",
    ),
    Combo(
        "qua-luc-nam",
        "Quà Lục Nam: long nhãn và trà hoa vàng",
        "Long nhãn Lục Sơn sấy dẻo và trà hoa vàng Trường Sơn: hai đặc sản vùng đồi Lục Nam.",
        380_000,
        (96, 128, 64),
        (
            ("htx-luc-son", "long-nhan-luc-son", "Túi 500g", 1),
            ("htx-duoc-lieu-truong-son", "tra-hoa-vang", "Hộp 50g", 1),
        ),
        "Nhãn chín vùng đồi Lục Sơn sấy thành long nhãn; bông trà hoa vàng hái dưới tán rừng Trường Sơn.",
    ),
    Combo(
        "qua-xu-dua",
        "Giỏ quà xứ dừa",
        "Thạch dừa, mặt nạ dừa, xà bông dừa và dầu dừa ép lạnh của các chủ thể Bến Tre.",
        230_000,
        (94, 160, 170),
        (
            ("thach-dua-minh-tam", "thach-dua-minh-tam", "Hũ 500g", 2),
            ("cuu-long", "mat-na-dua", "Hộp 5 miếng", 1),
            ("cuu-long", "xa-bong-dua", "Bánh 100g", 1),
            ("cuu-long", "dau-dua-nguyen-chat", "Chai 250ml", 1),
        ),
    ),
)
