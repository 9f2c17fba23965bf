"""Demo photos drawn with Pillow: a warm backdrop, a coconut-like disc and the product's name.

Drawn rather than downloaded so that `make run` needs no network and the demo says plainly that
its pictures are illustrations.
"""

import io
from pathlib import Path

from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from catalogue.text import fold

# Wide enough for the 1200×630 picture shared on Zalo and Facebook (cms/seo.py, fill-1200x630): a
# narrower original gives a smaller rendition, which Facebook shows as a small card. Square, as the
# 480×480 cards are; a few tens of kilobytes each.
SIZE = 1200

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def _font(size):
    for path in FONT_CANDIDATES:
        if Path(path).exists():
            return ImageFont.truetype(path, size), True
    # Pillow's bundled font lacks Vietnamese marks: fold the text rather than print boxes.
    return ImageFont.load_default(size=size), False


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = word
    return [*lines, line]


def draw_product_image(title: str, colour: tuple[int, int, int], size: int = SIZE) -> bytes:
    image = PILImage.new("RGB", (size, size), (251, 247, 239))
    draw = ImageDraw.Draw(image)
    r, g, b = colour
    for y in range(size):  # vertical gradient from the category colour to cream
        t = y / size
        draw.line(
            [(0, y), (size, y)], fill=(int(r + (251 - r) * t), int(g + (247 - g) * t), int(b + (239 - b) * t))
        )
    draw.ellipse(
        [size * 0.28, size * 0.12, size * 0.72, size * 0.56],
        fill=(110, 72, 40),
        outline=(60, 40, 20),
        width=max(2, size // 80),
    )
    draw.ellipse([size * 0.38, size * 0.22, size * 0.62, size * 0.46], fill=(250, 248, 240))
    font, has_marks = _font(size // 14)
    text = title if has_marks else fold(title).title()
    y = size * 0.62
    for line in _wrap(draw, text, font, size * 0.86):
        width = draw.textlength(line, font=font)
        draw.text(((size - width) / 2, y), line, font=font, fill=(29, 36, 32))
        y += size // 11
    small, _ = _font(size // 30)
    draw.text(
        (size * 0.04, size * 0.93),
        "Ảnh minh hoạ · demo" if has_marks else "Demo illustration",
        font=small,
        fill=(93, 107, 99),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
