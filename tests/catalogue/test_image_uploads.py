"""Photos producers upload from a phone: a file cut short by a bad connection is refused on the
field as any broken picture is, the title typed kept, never a server error; an iPhone's HEIC is
taken and served to browsers as JPEG or WebP; a huge photo is kept at 4096 px on its long side."""

import io

import pytest
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage
from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

NOT_AN_IMAGE = "Tập tin mà bạn đã tải không phải là hình ảnh hoặc đã bị hư hỏng"


def jpeg(width=640, height=480) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((width, height), 64).convert("RGB").save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def upload(content: bytes, name: str):
    file = io.BytesIO(content)
    file.name = name
    return file


def stored(image):
    with image.file.open("rb") as file, PILImage.open(file) as picture:
        picture.load()
        return picture


def truncated_jpeg():
    return upload(jpeg()[:2000], "keo-dua.jpg")


def test_a_truncated_jpeg_is_refused_on_the_field_and_the_title_typed_is_kept(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "Kẹo dừa lá dứa", "file": truncated_jpeg(), "collection": 1}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert NOT_AN_IMAGE in text
    assert 'value="Kẹo dừa lá dứa"' in text
    assert not get_image_model().objects.exists()


def test_a_truncated_jpeg_among_several_uploads_is_refused_with_the_same_words(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"collection": 1, "files[]": truncated_jpeg()}
    )
    assert response.status_code == 200
    result = response.json()
    assert result["success"] is False
    assert NOT_AN_IMAGE in result["error_message"]
    assert not get_image_model().objects.exists()


def test_a_truncated_jpeg_uploaded_from_the_image_chooser_is_refused_on_the_field(admin_client):
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Kẹo dừa lá dứa",
            "image-chooser-upload-file": truncated_jpeg(),
            "image-chooser-upload-collection": 1,
        },
    )
    assert response.status_code == 200
    html = response.json()["htmlFragment"]
    assert NOT_AN_IMAGE in html
    assert "Kẹo dừa lá dứa" in html
    assert not get_image_model().objects.exists()


def heic(width=640, height=480) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (90, 160, 60)).save(buffer, "HEIF", quality=80)
    return buffer.getvalue()


def noisy(file_format, width=640, height=480) -> bytes:
    buffer = io.BytesIO()
    PILImage.effect_noise((width, height), 64).convert("RGB").save(buffer, file_format, quality=80)
    return buffer.getvalue()


def cut_in_half(content: bytes) -> bytes:
    return content[: len(content) // 2]


@pytest.mark.parametrize(("file_format", "name"), [("HEIF", "IMG_0412.HEIC"), ("AVIF", "keo-dua.avif")])
def test_a_truncated_iphone_photo_is_refused_on_the_field_and_the_title_typed_is_kept(
    admin_client, file_format, name
):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Thử trunc.heic", "file": upload(cut_in_half(noisy(file_format)), name), "collection": 1},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert NOT_AN_IMAGE in text
    assert 'value="Thử trunc.heic"' in text
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(("file_format", "name"), [("HEIF", "IMG_0412.HEIC"), ("AVIF", "keo-dua.avif")])
def test_a_truncated_iphone_photo_among_several_uploads_is_refused_with_the_same_words(
    admin_client, file_format, name
):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"collection": 1, "files[]": upload(cut_in_half(noisy(file_format)), name)},
    )
    assert response.status_code == 200
    result = response.json()
    assert result["success"] is False
    assert NOT_AN_IMAGE in result["error_message"]
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("name", ["IMG_0412.HEIC", "keo-dua.heif"])
def test_an_iphone_heic_photo_is_accepted_and_served_to_browsers_as_jpeg_or_webp(admin_client, name):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"), {"collection": 1, "files[]": upload(heic(), name)}
    )
    assert response.json()["success"] is True
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (640, 480)
    assert image.file.name.lower().endswith(".heic")

    thumbnail = image.get_rendition("fill-160x160")
    assert thumbnail.url.endswith(".jpg")
    assert stored(thumbnail).format == "JPEG"
    webp = image.get_rendition("fill-800x800|format-webp")
    assert stored(webp).format == "WEBP" and stored(webp).size == (480, 480)


def test_the_upload_form_offers_heic_to_the_phones_file_picker(admin_client):
    html = admin_client.get(reverse("wagtailimages:add")).content.decode()
    assert "image/heic" in html
    assert "HEIC" in html


def photo_with_exif(width, height, orientation=1) -> bytes:
    picture = PILImage.new("RGB", (width, height), (200, 120, 30))
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Orientation] = orientation
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def test_a_huge_phone_photo_is_kept_at_4096_px_on_its_long_side_in_its_format_with_its_exif(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Vườn dừa", "file": upload(photo_with_exif(8000, 6000), "vuon-dua.jpg"), "collection": 1},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (4096, 3072)
    picture = stored(image)
    assert picture.format == "JPEG" and picture.size == (4096, 3072)
    assert picture.getexif()[ExifTags.Base.Make] == "Apple"
    assert image.file_size == image.file.size


def test_a_huge_photo_taken_sideways_is_kept_upright_without_its_orientation_tag(admin_client):
    sideways = photo_with_exif(8000, 6000, orientation=6)  # the phone was held upright: turn 90°
    admin_client.post(
        reverse("wagtailimages:add_multiple"), {"collection": 1, "files[]": upload(sideways, "a.jpg")}
    )
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (3072, 4096)
    assert ExifTags.Base.Orientation not in stored(image).getexif()


def test_a_usual_12_megapixel_phone_photo_is_kept_byte_for_byte(admin_client):
    original = photo_with_exif(4032, 3024)  # an iPhone's
    admin_client.post(
        reverse("wagtailimages:add_multiple"), {"collection": 1, "files[]": upload(original, "a.jpg")}
    )
    with get_image_model().objects.get().file.open("rb") as file:
        assert file.read() == original


def test_a_huge_heic_photo_is_kept_at_4096_px_as_a_jpeg_with_its_exif(admin_client):
    """Encoding HEIC again took 9 s for a 12000×9000 photo; browsers are given JPEG or WebP anyway."""
    picture = PILImage.new("RGB", (6000, 4500), (90, 160, 60))
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    buffer = io.BytesIO()
    picture.save(buffer, "HEIF", quality=50, exif=exif)
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {"title": "Vườn dừa", "file": upload(buffer.getvalue(), "IMG_0412.HEIC"), "collection": 1},
    )
    assert response.status_code == 302
    image = get_image_model().objects.get()
    assert (image.width, image.height) == (4096, 3072)
    assert image.file.name.endswith("IMG_0412.jpg")
    stored_picture = stored(image)
    assert stored_picture.format == "JPEG" and stored_picture.size == (4096, 3072)
    assert stored_picture.getexif()[ExifTags.Base.Make] == "Apple"
    assert image.file_size == image.file.size


def test_a_huge_avif_with_transparency_is_kept_at_4096_px_as_a_webp_with_it(admin_client):
    logo = PILImage.new("RGBA", (5000, 2500), (200, 120, 30, 128))  # see-through, as a logo over a photo
    buffer = io.BytesIO()
    logo.save(buffer, "AVIF", quality=50)
    content = buffer.getvalue()
    admin_client.post(
        reverse("wagtailimages:add_multiple"), {"collection": 1, "files[]": upload(content, "logo.avif")}
    )
    image = get_image_model().objects.get()
    assert image.file.name.endswith("logo.webp")
    stored_picture = stored(image)
    assert stored_picture.format == "WEBP" and stored_picture.size == (4096, 2048)
    assert stored_picture.mode == "RGBA"


def test_the_english_admin_says_in_english_which_photos_it_takes(admin_client, admin_user):
    """The file field's help (formats, size) was written once, in the language active when the app loaded."""
    from wagtail.users.models import UserProfile

    UserProfile.get_for_user(admin_user)
    UserProfile.objects.filter(user=admin_user).update(preferred_language="en")

    english = admin_client.get(reverse("wagtailimages:add")).content.decode()

    UserProfile.objects.filter(user=admin_user).update(preferred_language="vi")
    vietnamese = admin_client.get(reverse("wagtailimages:add")).content.decode()

    assert "Supported formats: " in english and "Định dạng hỗ trợ: " not in english
    assert "Định dạng hỗ trợ: " in vietnamese and "Supported formats: " not in vietnamese
