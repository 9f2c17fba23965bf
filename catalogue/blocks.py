"""StreamField blocks for producer stories and product descriptions."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.blocks import ImageBlock

# The size a story's picture is shown in (catalogue/blocks/image.html), drawn ahead (cms/renditions.py).
STORY_PICTURE = "width-800|format-webp"


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


class StoryPictureBlock(ImageBlock):
    """A picture with its caption. In the page API, the picture is the one the page shows (its address,
    width and height) rather than Wagtail's image id: the site has no public images API to look an id
    up in, as that would list every upload with its original (config/api.py)."""

    def get_api_representation(self, value, context=None):
        return {
            "image": ImageRenditionField(STORY_PICTURE).to_representation(value),
            "alt_text": value.contextual_alt_text,
            "decorative": value.decorative,
        }


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
    image = StoryPictureBlock(
        label=_("Ảnh"), template="catalogue/blocks/image.html", description=_("Ảnh có chú thích")
    )
    quote = QuoteBlock()
    figure = FigureBlock()

    class Meta:
        label = _("Câu chuyện")
