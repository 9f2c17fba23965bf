"""Blocks for editorial pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from catalogue.blocks import FigureBlock, HeadingBlock, QuoteBlock


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        icon="pilcrow",
        label=_("Đoạn văn"),
        template="catalogue/blocks/paragraph.html",
        preview_value="<p>Chương trình OCOP được triển khai từ năm 2018.</p>",
        description=_("Đoạn văn"),
    )
    image = ImageBlock(
        label=_("Ảnh"), template="catalogue/blocks/image.html", description=_("Ảnh có chú thích")
    )
    quote = QuoteBlock()
    figure = FigureBlock()
