"""Factories for catalogue data: used by the tests, the demo loader's images and `generate_catalogue`."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from places.models import Province

from .certification import load_records
from .gtin import normalize_gtin, with_check_digit
from .models import (
    CategoryIndexPage,
    CategoryPage,
    GiftComboComponent,
    GiftComboIndexPage,
    GiftComboPage,
    PackSize,
    ProducerIndexPage,
    ProducerKind,
    ProducerPage,
    ProductPage,
)
from .stores import StoreIndexPage, StorePage

VINH_LONG = 86  # Bến Tre and Trà Vinh merged into Vĩnh Long on 1 July 2025


def demo_gtin(n: int) -> str:
    """A valid GTIN-13 on GS1 Vietnam's 893 prefix (invented: demo and test data only), as GTIN-14."""
    return normalize_gtin(with_check_digit(f"893{n:09d}"))


class CategoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Sản phẩm"
    slug = "san-pham"

    class Meta:
        model = CategoryIndexPage


class ImageFactory(wagtail_factories.ImageFactory):
    """A small real image file, so listing tests exercise the rendition prefetch they protect."""

    title = factory.Sequence(lambda n: f"Ảnh {n}")
    file = factory.django.ImageField(width=64, height=64, color="green")


class CategoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Danh mục {n}")
    intro = factory.Faker("sentence", locale="vi_VN")
    image = factory.SubFactory(ImageFactory)

    class Meta:
        model = CategoryPage


class ProducerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Chủ thể OCOP"
    slug = "chu-the"

    class Meta:
        model = ProducerIndexPage


class ProducerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Hợp tác xã Dừa Xanh {n}")
    kind = ProducerKind.COOPERATIVE
    summary = factory.Faker("sentence", locale="vi_VN")
    province = factory.LazyFunction(lambda: Province.objects.get(code=VINH_LONG))
    commune = factory.LazyAttribute(lambda o: o.province.communes.order_by("code").first())
    image = factory.SubFactory(ImageFactory)

    class Meta:
        model = ProducerPage


CERTIFICATION_FIELDS = ("stars", "potential_five", "decision_number", "decision_date", "level")


class ProductPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kẹo dừa vị {n}")
    summary = factory.Faker("sentence", locale="vi_VN")
    ocop_stars = 4
    ocop_decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    ocop_decision_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=200))
    ocop_level = ""
    ocop_potential_five = False
    image = factory.SubFactory(ImageFactory)

    class Meta:
        model = ProductPage
        skip_postgeneration_save = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The star keywords become the product's certification record (None: never certified)."""
        fields = {name: kwargs.pop(f"ocop_{name}") for name in CERTIFICATION_FIELDS}
        product = super()._create(model_class, *args, **kwargs)
        if fields["stars"]:
            fields["decision_number"] = fields["decision_number"] or f"{product.pk}/QĐ-UBND"
            fields["potential_five"] = bool(fields["potential_five"])
            load_records([(product, fields)])
        return product

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)
            self.save()


class PackSizeFactory(DjangoModelFactory):
    product = factory.SubFactory(ProductPageFactory)
    label = "Hộp 400g"
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    gtin = factory.Sequence(lambda n: demo_gtin(900_000_000 + n))
    price = 45_000
    stock = 20

    class Meta:
        model = PackSize


class GiftComboIndexPageFactory(wagtail_factories.PageFactory):
    title = "Quà tặng OCOP"
    slug = "qua-tang"

    class Meta:
        model = GiftComboIndexPage


class GiftComboPageFactory(wagtail_factories.PageFactory):
    """A combo page; its components are added after (GiftComboComponentFactory), then saved again."""

    title = factory.Sequence(lambda n: f"Hộp quà xứ dừa {n}")
    summary = factory.Faker("sentence", locale="vi_VN")
    price = 120_000

    class Meta:
        model = GiftComboPage


class GiftComboComponentFactory(DjangoModelFactory):
    combo = factory.SubFactory(GiftComboPageFactory)
    pack_size = factory.SubFactory(PackSizeFactory)
    quantity = 1

    class Meta:
        model = GiftComboComponent


class StoreIndexPageFactory(wagtail_factories.PageFactory):
    title = "Cửa hàng OCOP"
    slug = "cua-hang"

    class Meta:
        model = StoreIndexPage


class StorePageFactory(wagtail_factories.PageFactory):
    """An OCOP store in Bến Tre; `producers=[…]`: the producers it carries."""

    title = "Cửa hàng OCOP Bến Tre"
    slug = "ben-tre"
    province = factory.LazyFunction(lambda: Province.objects.get(code=VINH_LONG))
    commune = factory.LazyAttribute(lambda o: o.province.communes.order_by("code").first())
    street_address = "Đường Đồng Khởi"

    class Meta:
        model = StorePage
