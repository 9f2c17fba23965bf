"""Blocks for editorial pages: the producer story's blocks, with the full rich-text toolbar."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from catalogue.blocks import StoryBlock


class ProgrammeFiguresBlock(blocks.StaticBlock):
    """The programme's figures computed from the catalogue when the page is shown (cms/programme.py)."""

    def get_context(self, value, parent_context=None):
        from .programme import compute

        context = super().get_context(value, parent_context)
        context["figures"] = compute()
        return context

    class Meta:
        icon = "table"
        label = _("Số liệu chương trình (tự động)")
        template = "cms/blocks/programme_figures.html"
        admin_text = _("Số sản phẩm theo hạng sao, tỉnh, danh mục; chủ thể theo loại hình; so với mục tiêu.")


class BodyBlock(StoryBlock):
    # Editorial pages may use every rich-text feature (headings, embeds...), stories a restricted set.
    paragraph = blocks.RichTextBlock(
        icon="pilcrow",
        label=_("Đoạn văn"),
        template="catalogue/blocks/paragraph.html",
        preview_value="<p>Chương trình OCOP được triển khai từ năm 2018.</p>",
        description=_("Đoạn văn"),
    )
    programme_figures = ProgrammeFiguresBlock()
