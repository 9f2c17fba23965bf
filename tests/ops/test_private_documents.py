"""A document is reached only through Wagtail's document view, which checks its collection's privacy:
never at /media/documents/…, and never at a public address in the object store."""

import urllib.error
import urllib.request

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction

from tests.ops.conftest import BUCKET

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% Phieu kiem nghiem\n"


def document(title, collection=None):
    return wagtail_factories.DocumentFactory(
        title=title,
        file=ContentFile(PDF, name="kiemnghiem.pdf"),
        collection=collection or Collection.get_first_root_node(),
    )


def restricted_collection():
    collection = Collection.get_first_root_node().add_child(name="Chủ thể: Cửu Long")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return collection


def test_a_restricted_collections_document_is_not_served_from_media(client):
    secret = document("Phiếu kiểm nghiệm bí mật", restricted_collection())

    for spelling in (secret.file.name, f"/{secret.file.name}", f"images/../{secret.file.name}"):
        assert client.get(f"/media/{spelling}").status_code == 404
    response = client.get(secret.url)
    assert response.status_code == 302
    assert response["Location"] == f"/_util/login/?next={secret.url}"  # Wagtail's sign-in for readers


def test_a_public_document_is_served_by_the_document_view_only(client):
    public = document("Giấy chứng nhận ATTP")

    assert client.get(f"/media/{public.file.name}").status_code == 404
    response = client.get(public.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_signed_in_reader_gets_the_restricted_document(admin_client):
    secret = document("Phiếu kiểm nghiệm bí mật", restricted_collection())
    response = admin_client.get(secret.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_with_object_storage_documents_are_streamed_by_the_site_and_never_public_in_the_bucket(
    client, object_storage, settings
):
    public = document("Giấy chứng nhận ATTP")
    secret = document("Phiếu kiểm nghiệm bí mật", restricted_collection())
    assert public.file.url.startswith(f"{settings.AWS_S3_ENDPOINT_URL}/{BUCKET}/media/documents/")

    response = client.get(public.url)  # not a redirect to the bucket
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get(secret.url).status_code == 302  # to sign in
    for stored in (public, secret):  # the README's bucket policy leaves documents/ out
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(stored.file.url, timeout=5)  # noqa: S310 (loopback)
        assert refused.value.code == 403


def test_a_reader_sent_to_sign_in_for_a_restricted_document_gets_the_sites_page_and_then_the_document(
    client, django_user_model
):
    secret = document("Phiếu kiểm nghiệm bí mật", restricted_collection())
    django_user_model.objects.create_user("lan", password="mat-khau-dai")
    sign_in = client.get(secret.url, follow=True)

    page = sign_in.content.decode()
    assert 'name="viewport"' in page  # the shop's own layout, readable on a phone
    assert "<h1>Đăng nhập</h1>" in page
    assert "Bỏ qua đến nội dung chính" in page
    refused = client.post(
        sign_in.request["PATH_INFO"], {"username": "lan", "password": "sai", "next": secret.url}
    )
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in refused.content.decode()
    signed_in = client.post(
        sign_in.request["PATH_INFO"], {"username": "lan", "password": "mat-khau-dai", "next": secret.url}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == secret.url
