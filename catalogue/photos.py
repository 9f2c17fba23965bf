"""Photos as producers upload them, from a phone on a rural connection: Wagtail's image form with a
file field that (1) refuses a file cut short in transit with the words it gives any broken picture,
instead of a server error, (2) takes an iPhone's HEIC under either extension, and (3) keeps a huge
original no larger than `LONGEST_SIDE` on its long side, so that the first editor or shopper who needs
a rendition of it does not wait for a 100-megapixel picture to be decoded.

Plugged in with `WAGTAILIMAGES_IMAGE_FORM_BASE`, so the single and multiple uploaders and the image
chooser's upload tab all use it.
"""

import io
import os
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import capfirst
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import AbstractImage

# A phone's usual 12 Mpx photo (an iPhone's 4032×3024) is kept as taken; a 48 Mpx or 108 Mpx one
# shrinks to about 12 Mpx: over three times the widest rendition the site makes (1200 px share cards,
# 800 px heroes), sharp for a later crop, and decoded in a fraction of a second.
LONGEST_SIDE = 4096
# What an encoder is given when a photo is written again; phones save JPEGs at about 90.
SAVE_OPTIONS = {
    "JPEG": {"quality": 90},
    "WEBP": {"quality": 90},
    "HEIF": {"quality": 90},
    "AVIF": {"quality": 90},
}


class PhotoField(WagtailImageField):
    def to_python(self, data):
        try:
            photo = super().to_python(data)
        except OSError as exc:
            # Willow opens a picture from its header alone; a file cut after its header (an upload that
            # broke off) fails only when its pixels are read, for its size, as "image file is truncated".
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        return downscaled(photo) if photo is not None else None

    def check_image_file_format(self, f):
        # Willow names every HEIF picture "heic"; iPhones and converters also write them as .heif.
        if os.path.splitext(f.name)[1].lower() == ".heif":
            f.name = f"{os.path.splitext(f.name)[0]}.heic"
        super().check_image_file_format(f)


class PhotoForm(BaseImageForm):
    file = PhotoField(
        label=capfirst(AbstractImage._meta.get_field("file").verbose_name),
        widget=BaseImageForm.Meta.widgets["file"],
    )


def downscaled(upload):
    """The upload itself when its long side is within `LONGEST_SIDE` (or it is animated), else a copy of
    it in the same format at that size, turned upright as its EXIF orientation said (the tag is then
    dropped, the rest of the EXIF and the colour profile kept)."""
    upload.seek(0)
    with warnings.catch_warnings():
        # Wagtail's field has already held the picture to WAGTAILIMAGES_MAX_IMAGE_PIXELS.
        warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
        with PILImage.open(upload) as picture:
            if max(picture.size) <= LONGEST_SIDE or getattr(picture, "n_frames", 1) > 1:
                upload.seek(0)
                return upload
            content = _smaller(picture)
    return SimpleUploadedFile(upload.name, content, content_type=getattr(upload, "content_type", None))


def _smaller(picture) -> bytes:
    file_format = picture.format
    scale = LONGEST_SIDE / max(picture.size)
    target = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
    picture.draft(picture.mode, target)  # a JPEG is decoded at 1/2, 1/4 or 1/8 of its size: much faster
    upright = ImageOps.exif_transpose(picture)
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE), PILImage.Resampling.LANCZOS)
    kept = {key: upright.info[key] for key in ("exif", "icc_profile") if upright.info.get(key)}
    buffer = io.BytesIO()
    upright.save(buffer, file_format, **kept, **SAVE_OPTIONS.get(file_format, {}))
    return buffer.getvalue()
