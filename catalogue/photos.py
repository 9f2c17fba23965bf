"""Photos as producers upload them, from a phone on a rural connection: Wagtail's image form with a
file field that (1) refuses a file cut short in transit with the words it gives any broken picture,
instead of a server error, and (2) takes an iPhone's HEIC under either extension.

Plugged in with `WAGTAILIMAGES_IMAGE_FORM_BASE`, so the single and multiple uploaders and the image
chooser's upload tab all use it.
"""

import os

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.images.models import AbstractImage


class PhotoField(WagtailImageField):
    def to_python(self, data):
        try:
            photo = super().to_python(data)
        except OSError as exc:
            # Willow opens a picture from its header alone; a file cut after its header (an upload that
            # broke off) fails only when its pixels are read, for its size, as "image file is truncated".
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc
        return photo

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
