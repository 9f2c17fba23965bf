"""Blocks for editorial pages: the producer story's blocks, with the full rich-text toolbar."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from catalogue.blocks import StoryBlock


class BodyBlock(StoryBlock):
    # Editorial pages may use every rich-text feature (headings, embeds...), stories a restricted set.
    paragraph = blocks.RichTextBlock(
        icon="pilcrow",
        label=_("Đoạn văn"),
        template="catalogue/blocks/paragraph.html",
        preview_value="<p>Chương trình OCOP được triển khai từ năm 2018.</p>",
        description=_("Đoạn văn"),
    )
