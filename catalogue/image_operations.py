"""Image sizes Wagtail takes that it cannot draw, refused as an invalid filter spec (a 400 in the admin's
image preview, `/admin/images/<id>/preview/<spec>/`) instead of failing while drawing.

Wagtail's `fill-0x0` (or `fill-10x0`, `fill-0x10`) is read as a size, then divides by zero when the
picture is cropped: a 500 and a traceback for a URL any editor may type. `width-0`, `min-0x0` and
`max-0x0` draw a 1×1 picture, so they are left as Wagtail has them.
"""

from wagtail.images.image_operations import FillOperation


class DrawableFillOperation(FillOperation):
    def construct(self, size, *extra):
        super().construct(size, *extra)
        if self.width <= 0 or self.height <= 0:
            # Wagtail turns a ValueError raised here into InvalidFilterSpecError.
            raise ValueError(f"fill needs a width and a height above zero, not {size}")
