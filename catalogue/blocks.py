"""StreamField blocks for producer stories and product descriptions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Tiêu đề"))

    class Meta:
        icon = "title"
        template = "catalogue/blocks/heading.html"
        label = _("Tiêu đề")
        description = _("Tiêu đề một đoạn của câu chuyện")
        preview_value = {"text": "Từ vườn dừa Bến Tre"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Trích dẫn"))
    attribution = blocks.CharBlock(label=_("Người nói"), required=False)

    class Meta:
        icon = "openquote"
        template = "catalogue/blocks/quote.html"
        label = _("Trích dẫn")
        description = _("Lời của chủ thể, người trồng hay khách hàng")
        preview_value = {"quote": "Mỗi viên kẹo là một phần quê hương.", "attribution": "Chủ cơ sở"}


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Con số"), help_text=_("Ví dụ: 30 năm, 12 ha, 40 lao động"))
    caption = blocks.CharBlock(label=_("Chú thích"))

    class Meta:
        icon = "pick"
        template = "catalogue/blocks/figure.html"
        label = _("Con số")
        description = _("Một con số nổi bật về chủ thể")
        preview_value = {"value": "12 ha", "caption": "vùng nguyên liệu dừa hữu cơ"}


class StoryBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"],
        icon="pilcrow",
        label=_("Đoạn văn"),
        template="catalogue/blocks/paragraph.html",
        preview_value="<p>Cơ sở được thành lập từ một lò kẹo dừa thủ công.</p>",
        description=_("Đoạn văn của câu chuyện"),
    )
    image = ImageBlock(
        label=_("Ảnh"), template="catalogue/blocks/image.html", description=_("Ảnh có chú thích")
    )
    quote = QuoteBlock()
    figure = FigureBlock()

    class Meta:
        label = _("Câu chuyện")
