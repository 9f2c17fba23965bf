"""The home page, editorial pages and the options editors change for the whole site."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from catalogue.folded_search import FoldedTitleMixin
from catalogue.models import CategoryPage, ProducerPage, ProductPage, attach_card_images, in_given_order
from catalogue.phone import phone_field
from catalogue.privacy import publicly_listed
from catalogue.slugs import VietnameseSlugMixin

from .blocks import BodyBlock


class HomePage(FoldedTitleMixin, VietnameseSlugMixin, Page):
    hero_title = models.CharField(_("tiêu đề lớn"), max_length=120, blank=True)
    hero_text = models.TextField(_("lời giới thiệu"), blank=True)
    featured_count = models.PositiveSmallIntegerField(_("số sản phẩm nổi bật"), default=8)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading=_("Phần đầu trang")),
        FieldPanel("featured_count"),
        FieldPanel("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalogue.CategoryIndexPage",
        "catalogue.ProducerIndexPage",
        "catalogue.StoreIndexPage",
        "catalogue.GiftComboIndexPage",
        "cms.StandardPage",
    ]

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = pgettext_lazy("plural", "trang chủ")

    def featured_products(self):
        """The programme's flagship goods: 5★ products first, newest first within a rating.

        The ids are picked by the stars in force (a lapsed or revoked certificate counts as none) before
        the cards' price and stock aggregates are computed, so the home page costs the same with 30
        products or 20,000.
        """
        ids = list(
            publicly_listed(ProductPage.objects)
            .by_stars("-pk")
            .values_list("pk", flat=True)[: self.featured_count]
        )
        return in_given_order(ProductPage.objects.cards(images=False), ids)

    def categories(self):
        return CategoryPage.objects.live()

    def producers(self):
        newest = publicly_listed(ProducerPage.objects).order_by("-first_published_at")
        return newest.select_related("province")[:4]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = self.featured_products()
        context["categories"] = list(self.categories())
        context["producers"] = list(self.producers())
        # One images query and one renditions query for the three listings together.
        attach_card_images(context["featured_products"], context["categories"], context["producers"])
        return context


class StandardPage(FoldedTitleMixin, VietnameseSlugMixin, Page):
    intro = models.TextField(_("giới thiệu"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*FoldedTitleMixin.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("trang nội dung")
        verbose_name_plural = pgettext_lazy("plural", "trang nội dung")

    @property
    def menu_label(self):
        """The programme page, the one showing the programme's live figures, is called so in an interface
        language other than Vietnamese (cms/menu_labels.py); other editorial pages keep their title."""
        # The raw blocks: reading them costs no query (an image block would fetch its image).
        if any(block["type"] == "programme_figures" for block in self.body.raw_data):
            return _("Về chương trình OCOP")
        return ""


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    hotline = phone_field(_("đường dây nóng"), max_length=30)
    email = models.EmailField(_("email liên hệ"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=200, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    zalo_url = models.URLField(_("Zalo"), blank=True)
    footer_text = models.TextField(_("chân trang"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("hotline"), FieldPanel("email"), FieldPanel("address")], heading=_("Liên hệ")
        ),
        MultiFieldPanel([FieldPanel("facebook_url"), FieldPanel("zalo_url")], heading=_("Mạng xã hội")),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("thông tin cửa hàng")
        verbose_name_plural = pgettext_lazy("plural", "thông tin cửa hàng")
