"""The media's object store goes down: the shop keeps serving its pages, says so when an upload cannot
be kept, and keeps a buyer's report without the photo rather than lose it.

The store is moto's S3 server; "down" is the same settings pointed at a loopback port nobody listens on
(a refused connection, as a stopped store gives).
"""

import io
import socket
import threading

import pytest
from botocore.config import Config
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from ops import media_storage
from tests.ops.conftest import BUCKET, png
from tests.servers import free_port
from traceability.models import CopyReport

pytestmark = pytest.mark.django_db


def _use_store(settings, endpoint):
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.STORAGES = {**settings.STORAGES}  # Django builds the media storage anew from the settings


@pytest.fixture
def store_down(object_storage, settings, s3_server):
    _use_store(settings, f"http://127.0.0.1:{free_port()}")
    yield lambda: _use_store(settings, s3_server)  # call it to bring the store back


@pytest.fixture
def pictured_product(object_storage, product):
    product.image = get_image_model().objects.create(
        title="Kẹo dừa sầu riêng", file=ImageFile(io.BytesIO(png()), name="keo-dua.png")
    )
    product.save_revision().publish()
    return product


def _card_picture(html, title):
    """The src of the picture on the product card titled `title`."""
    soup = BeautifulSoup(html, "html.parser")
    card = soup.find("h3", class_="card-title", string=title).find_parent("article")
    return card.find("img", class_="card-img")["src"]


def test_pages_are_served_while_the_store_is_down_and_not_kept_with_their_pictures_missing(
    client, pictured_product, store_down, page_cache, s3_server
):
    # The home page lists the product on a card whose picture (a rendition) was never made: making it
    # needs the original from the store.
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Kẹo dừa sầu riêng" in html
    assert _card_picture(html, "Kẹo dừa sầu riêng").endswith("/not-found")
    again = client.get("/")
    assert again.status_code == 200 and again.get("X-Page-Cache") != "hit"  # not kept with the hole

    bring_the_store_back = store_down
    bring_the_store_back()  # the picture is made now, and the page kept
    back = client.get("/")
    picture = _card_picture(back.content.decode(), "Kẹo dừa sầu riêng")
    assert picture.startswith(f"{s3_server}/{BUCKET}/media/images/keo-dua")
    assert back["X-Page-Cache"] == "miss" and client.get("/")["X-Page-Cache"] == "hit"


# Committed as a server would (no test transaction around the request): Wagtail's uploader saves inside
# its own atomic block, which a failed upload leaves to roll back.
@pytest.mark.django_db(transaction=True)
def test_an_image_uploaded_while_the_store_is_down_gets_a_503_that_says_nothing_was_saved(
    admin_client, store_down
):
    upload = io.BytesIO(png())
    upload.name = "keo-dua.png"
    screen = "wagtailimages:add"
    response = admin_client.post(reverse(screen), {"title": "Kẹo dừa gừng", "collection": 1, "file": upload})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "tệp vừa gửi chưa được lưu" in text
    assert f'href="{reverse(screen)}"' in text
    assert not get_image_model().objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "screen, upload",
    [
        ("wagtailimages:add_multiple", SimpleUploadedFile("keo-dua.png", png(), content_type="image/png")),
        ("wagtaildocs:add_multiple", SimpleUploadedFile("kiem-nghiem.pdf", b"%PDF-1.4\n%%EOF\n")),
    ],
)
def test_the_several_files_uploader_shows_under_the_file_that_nothing_was_saved(
    admin_client, store_down, screen, upload
):
    """Wagtail's uploader (a script) shows `error_message` from a JSON answer; a 503 page it showed as
    "Lỗi Hệ thống … Service Unavailable - 503"."""
    response = admin_client.post(reverse(screen), {"collection": 1, "files[]": upload})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["success"] is False
    assert answer["error_message"].startswith("Chưa lưu được tệp. Kho lưu trữ ảnh và tệp tạm thời không")
    assert "Vui lòng thử lại sau ít phút." in answer["error_message"]
    assert not get_image_model().objects.exists()
    assert not get_document_model().objects.exists()


def _report(client, photo):
    return client.post(
        "/truy-xuat/bao-tem-sao-chep/",
        {"details": "Tem mờ, mã đã được kiểm tra 40 lần", "where_bought": "Chợ Bến Thành", "photo": photo},
    )


def _photo():
    return SimpleUploadedFile("tem.png", png(), content_type="image/png")


def test_a_copied_label_report_sent_while_the_store_is_down_is_kept_without_its_photo_and_says_so(
    client, store_down, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_superuser("admin", "ocop@example.com", "pw")
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, _photo())
    assert response.status_code == 200
    assert "Ảnh bạn gửi kèm chưa lưu được" in response.content.decode()
    report = CopyReport.objects.get()
    assert report.details == "Tem mờ, mã đã được kiểm tra 40 lần" and not report.photo
    (message,) = mail.outbox
    assert "Chợ Bến Thành" in message.body


def test_a_report_photo_is_kept_under_the_stores_private_prefix_and_shown_through_the_admin(
    client, object_storage, django_user_model, django_capture_on_commit_callbacks, settings
):
    admin = django_user_model.objects.create_superuser("admin", "ocop@example.com", "pw")
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(client, _photo())
    assert response.status_code == 200 and "chưa lưu được" not in response.content.decode()
    report = CopyReport.objects.get()
    keys = [item["Key"] for item in object_storage.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"private/{report.photo.name}"] and "tem" not in report.photo.name
    grants = object_storage.get_object_acl(Bucket=BUCKET, Key=keys[0])["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
    (message,) = mail.outbox
    photo_url = f"{settings.SITE_URL}/admin/copyreports/photo/{report.pk}/"
    assert photo_url in message.body.split() and "/media/" not in message.body
    client.force_login(admin)
    shown = client.get(f"/admin/copyreports/photo/{report.pk}/")
    assert shown.status_code == 200 and b"".join(shown.streaming_content) == png()


@pytest.fixture
def hang_store(object_storage, settings, monkeypatch):
    """`hang_store()`: the store takes connections and never answers from now on; returns the list of
    connections it is sent."""
    quicker = media_storage.QUICK_FAILURE.merge(Config(connect_timeout=1, read_timeout=1))
    monkeypatch.setattr(media_storage, "QUICK_FAILURE", quicker)
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = []

    def hang():
        threading.Thread(
            target=lambda: [accepted.append(listener.accept()) for _ in range(20)], daemon=True
        ).start()
        _use_store(settings, f"http://127.0.0.1:{listener.getsockname()[1]}")
        return accepted

    yield hang
    listener.close()


def test_a_store_that_does_not_answer_is_asked_once_not_for_every_picture(client, make_products, hang_store):
    for product in make_products(3):  # three cards, three pictures never made
        product.image = get_image_model().objects.create(
            title=product.title, file=ImageFile(io.BytesIO(png()), name="anh.png")
        )
        product.save_revision().publish()
    asked = hang_store()
    assert client.get("/").status_code == 200
    assert len(asked) == 1  # the first picture waited for the store; the others were not tried
