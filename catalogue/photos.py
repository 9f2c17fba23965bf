"""Photos as producers upload them, from a phone on a rural connection: Wagtail's image form with a
file field that (1) refuses a file cut short in transit with the words it gives any broken picture,
instead of a server error, (2) takes an iPhone's HEIC under either extension, and (3) keeps a huge
original no larger than `LONGEST_SIDE` on its long side (a HEIC or AVIF one as JPEG or WebP), so that
the first editor or shopper who needs a rendition of it does not wait for a 100-megapixel picture to
be decoded.

A picture with more pixels than Wagtail takes (WAGTAILIMAGES_MAX_IMAGE_PIXELS, 128 million) is refused
with its size and the limit in words a producer reads ("Ảnh quá lớn (20.000 × 20.000 điểm ảnh); tối đa
128 triệu điểm ảnh"), where Wagtail says "không rõ số lượng" and "128000000".

Plugged in with `WAGTAILIMAGES_IMAGE_FORM_BASE`, so the single and multiple uploaders and the image
chooser's upload tab all use it.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import AbstractImage

from .money import group_thousands

# A phone's usual 12 Mpx photo (an iPhone's 4032×3024) is kept as taken; a 48 Mpx or 108 Mpx one
# shrinks to about 12 Mpx: over three times the widest rendition the site makes (1200 px share cards,
# 800 px heroes), sharp for a later crop, and decoded in a fraction of a second.
LONGEST_SIDE = 4096
# What an encoder is given when a photo is written again; phones save JPEGs at about 90.
SAVE_OPTIONS = {"JPEG": {"quality": 90}, "WEBP": {"quality": 90}}


class PhotoField(WagtailImageField):
    def to_python(self, data):
        try:
            photo = super().to_python(data)
        except (OSError, ValueError) as exc:
            # Willow opens a picture from its header alone; a file cut after its header (an upload that
            # broke off) fails only when its pixels are read, for its size, as "image file is truncated"
            # (OSError), or for a HEIC as pillow_heif's "Invalid input: Unexpected end of file" (ValueError).
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        return downscaled(photo) if photo is not None else None

    def check_image_file_format(self, f):
        # Willow names every HEIF picture "heic"; iPhones and converters also write them as .heif.
        if os.path.splitext(f.name)[1].lower() == ".heif":
            f.name = f"{os.path.splitext(f.name)[0]}.heic"
        super().check_image_file_format(f)

    def check_image_pixel_size(self, f):
        """Wagtail's check, refusing with the picture's size rather than "không rõ số lượng"."""
        try:
            width, height = f.image.get_size()
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError) as bomb:
            # Pillow refuses to open a picture of over twice its MAX_IMAGE_PIXELS (over it, where its
            # warning is made an error) without saying its size.
            error = isinstance(bomb, PILImage.DecompressionBombError)
            pillow_limit = PILImage.MAX_IMAGE_PIXELS * (2 if error else 1)
            raise self._too_many_pixels(*declared_size(f.image), pillow_limit=pillow_limit) from None
        if self.max_image_pixels is None:
            return
        frames = f.image.get_frame_count()
        if width * height * frames > self.max_image_pixels:
            raise self._too_many_pixels(width, height, frames)

    def _too_many_pixels(self, width, height, frames=1, pillow_limit=None) -> ValidationError:
        limit = min(limit for limit in (self.max_image_pixels, pillow_limit) if limit)
        said = too_many_pixels(width, height, frames, limit=limit)
        return ValidationError(said, code="file_too_many_pixels")


# Willow's format names that are not Pillow's.
PILLOW_FORMATS = {"heic": "HEIF"}


def declared_size(image) -> tuple[int, int] | tuple[None, None]:
    """A picture's width and height as its header declares them, read by Pillow's plugin for its format
    without decoding a pixel (Pillow's `open` reads them too, then refuses a bomb without saying them);
    (None, None) when no plugin reads that header."""
    plugin = PILImage.OPEN.get(PILLOW_FORMATS.get(image.format_name, image.format_name.upper()))
    if plugin is None:
        return None, None
    open_header, _accepts = plugin
    image.f.seek(0)
    try:
        with open_header(image.f, "") as picture:
            return picture.size
    except Exception:  # noqa: BLE001 (a header no plugin reads: the message does without the size)
        return None, None
    finally:
        image.f.seek(0)


def _pixels_in_words(pixels: int) -> str:
    """128000000 → "128 triệu"; a limit of no whole millions grouped: "1.500.000"."""
    if pixels % 1_000_000:
        return group_thousands(pixels)
    return _("%(millions)s triệu") % {"millions": group_thousands(pixels // 1_000_000)}


def too_many_pixels(width: int | None, height: int | None, frames: int = 1, *, limit: int) -> str:
    """Why a picture is refused: its size (its frames' too, for an animation), the most pixels taken."""
    sizes = {"limit": _pixels_in_words(limit), "frames": frames}
    if width is None:
        said = _("Ảnh quá lớn; tối đa %(limit)s điểm ảnh.") % sizes
    else:
        sizes.update(width=group_thousands(width), height=group_thousands(height))
        if frames > 1:
            said = (
                _(
                    "Ảnh động quá lớn (%(frames)s khung hình %(width)s × %(height)s điểm ảnh); tối đa %(limit)s "
                    "điểm ảnh cho mọi khung hình."
                )
                % sizes
            )
        else:
            said = _("Ảnh quá lớn (%(width)s × %(height)s điểm ảnh); tối đa %(limit)s điểm ảnh.") % sizes
    advice = _("Hãy thu nhỏ ảnh rồi tải lên lại.")
    return f"{said} {advice}"


class PhotoForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made with each form, as Wagtail makes its own field: the field writes its help ("Supported
        # formats…", the size limit) in the language active when it is made. Declared on the class, it
        # was made once at import, and every admin read it in that language whatever the account's own.
        if "file" in self.fields:
            self.fields["file"] = PhotoField(
                label=capfirst(AbstractImage._meta.get_field("file").verbose_name),
                widget=self.fields["file"].widget,
            )


# Kept smaller in another format: encoding HEIC or AVIF again took 9 s for a 12000×9000 photo, holding
# the producer's upload and a server thread, and browsers are only ever given JPEG or WebP renditions.
# JPEG, as a phone's own; WebP for a picture with transparency, which JPEG cannot keep.
WRITTEN_AS = {"HEIF": "JPEG", "AVIF": "JPEG"}
WITH_TRANSPARENCY = "WEBP"
EXTENSIONS = {"JPEG": ".jpg", "WEBP": ".webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "WEBP": "image/webp"}


def downscaled(upload):
    """The upload itself when its long side is within `LONGEST_SIDE` (or it is animated), else a copy of
    it at that size, turned upright as its EXIF orientation said (the tag is then dropped, the rest of
    the EXIF and the colour profile kept): in the same format, or as JPEG or WebP for HEIC and AVIF."""
    upload.seek(0)
    with warnings.catch_warnings():
        # Wagtail's field has already held the picture to WAGTAILIMAGES_MAX_IMAGE_PIXELS.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        with PILImage.open(upload) as picture:
            if max(picture.size) <= LONGEST_SIDE or getattr(picture, "n_frames", 1) > 1:
                upload.seek(0)
                return upload
            file_format = _written_as(picture)
            content = _smaller(picture, file_format)
    if file_format == picture.format:
        return SimpleUploadedFile(upload.name, content, content_type=getattr(upload, "content_type", None))
    name = os.path.splitext(upload.name)[0] + EXTENSIONS[file_format]
    return SimpleUploadedFile(name, content, content_type=CONTENT_TYPES[file_format])


def _written_as(picture) -> str:
    if picture.format not in WRITTEN_AS:
        return picture.format
    transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    return WITH_TRANSPARENCY if transparent else WRITTEN_AS[picture.format]


def _smaller(picture, file_format) -> bytes:
    scale = LONGEST_SIDE / max(picture.size)
    target = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    picture.draft(picture.mode, target)  # a JPEG is decoded at 1/2, 1/4 or 1/8 of its size: much faster
    upright = ImageOps.exif_transpose(picture)
    # A HEIC has no draft: its pixels are first halved by averaging (`reducing_gap`), then resampled,
    # 0.7 s instead of 2.5 s for a 12000×9000 photo, as sharp at three times the widest rendition.
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE), PILImage.Resampling.LANCZOS, reducing_gap=1.0)
    kept = {key: upright.info[key] for key in ("exif", "icc_profile") if upright.info.get(key)}
    buffer = io.BytesIO()
    upright.save(buffer, file_format, **kept, **SAVE_OPTIONS.get(file_format, {}))
    return buffer.getvalue()
