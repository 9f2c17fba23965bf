"""The lot's digital product passport (JSON-LD) as a GS1 client reads it."""

import json
from pathlib import Path

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from traceability.factories import CertificateFactory, LotEventFactory
from traceability.models import EventKind, Lot

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON_LD = "application/ld+json"


def passport(client, url, **headers):
    response = client.get(url, HTTP_ACCEPT=JSON_LD, **headers)
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_lot_whose_product_photo_file_is_lost_is_still_answered_without_the_photo(
    client, lot, lot_url, serial_url, product
):
    # Lost from storage (a restore, a moved bucket) before any rendition of it was made.
    product.image.file.storage.delete(product.image.file.name)
    data = passport(client, lot_url)
    assert data["productID"] == lot.code and "image" not in data
    assert "image" not in passport(client, serial_url)
    assert client.get(lot_url, HTTP_ACCEPT=BROWSER).status_code == 200
    assert client.get(serial_url, HTTP_ACCEPT=BROWSER).status_code == 200


def urls_in(data) -> list[str]:
    if isinstance(data, dict):
        return [url for key, value in data.items() if key != "@context" for url in urls_in(value)]
    if isinstance(data, list):
        return [url for value in data for url in urls_in(value)]
    return [data] if isinstance(data, str) and data.startswith("http") else []


def test_every_address_in_the_passport_is_on_the_sites_origin_whatever_host_was_asked(
    client, settings, lot, lot_url, serial_url, producer
):
    settings.SITE_URL = "http://localhost"  # the test Site's root URL, as `migrate` sets it from SITE_URL
    LotEventFactory(lot=lot, kind=EventKind.QUALITY_TEST, image=wagtail_factories.ImageFactory())
    LotEventFactory(lot=lot, kind=EventKind.QUALITY_TEST, document=wagtail_factories.DocumentFactory())
    CertificateFactory(lot=lot, document=wagtail_factories.DocumentFactory())
    for url in (lot_url, serial_url):
        data = passport(client, url, HTTP_HOST="127.0.0.1:8106")
        assert data["image"].startswith("http://localhost/media/images/")
        evidence = [event["url"] for event in data["subjectOf"] if "url" in event]
        documents = [certificate["url"] for certificate in data["hasCertification"] if "url" in certificate]
        assert len(evidence) == 2 and len(documents) == 1
        addresses = urls_in(data)
        assert all(address.startswith("http://localhost/") for address in addresses), addresses


# --- Valid schema.org --------------------------------------------------------------------------------

VOCABULARY = json.loads((Path(__file__).parent / "fixtures" / "schemaorg_vocabulary.json").read_text())
# The one term kept outside its schema.org domain: the recall's text for people, which schema.org has
# only on DietarySupplement; clients read it, and its facts are also in `additionalProperty` (notice…).
OUTSIDE_ITS_DOMAIN = {"safetyConsideration"}


def with_supertypes(types) -> set[str]:
    found, todo = set(), list(types)
    while todo:
        kind = todo.pop()
        if kind not in found:
            found.add(kind)
            todo.extend(VOCABULARY["types"][kind])
    return found


def terms_off_schema_org(node, path="") -> list[str]:
    """Each type and property of the JSON-LD that schema.org does not define, or not for that type."""
    if isinstance(node, list):
        return [problem for item in node for problem in terms_off_schema_org(item, path)]
    if not isinstance(node, dict):
        return []
    types = node.get("@type", [])
    types = [types] if isinstance(types, str) else types
    problems = [f"{path}@type {kind}" for kind in types if kind not in VOCABULARY["types"]]
    allowed = with_supertypes(kind for kind in types if kind in VOCABULARY["types"])
    for key, value in node.items():
        if key.startswith("@"):
            continue
        domains = VOCABULARY["properties"].get(key)
        if domains is None:
            problems.append(f"{path}{key}: not a schema.org property")
        elif types and not allowed & set(domains) and key not in OUTSIDE_ITS_DOMAIN:
            problems.append(f"{path}{key}: not a property of {'/'.join(types)}")
        problems += terms_off_schema_org(value, f"{path}{key}.")
    return problems


def test_the_passport_of_a_lot_a_package_and_a_product_speaks_only_schema_org(
    client, lot, lot_url, serial_url, pack
):
    Lot.objects.filter(pk=lot.pk).update(is_demo=True, notice_level="recall", notice="Bao bì bị hở.")
    for url in (lot_url, serial_url, f"/01/{pack.gtin}"):
        data = passport(client, url)
        assert data["@context"] == "https://schema.org"
        assert terms_off_schema_org(data) == [], url


def test_a_producers_service_number_is_given_as_dialled_in_vietnam(client, producer, lot_url):
    """1800/1900 numbers do not connect dialled as +84, as the producer's page links them."""
    producer.phone = "1800 1090"
    producer.save()
    assert passport(client, lot_url)["manufacturer"]["telephone"] == "18001090"


def test_the_raw_materials_origin_and_harvest_are_properties_of_the_lot(client, lot, lot_url):
    data = passport(client, lot_url)
    properties = {item["propertyID"]: item["value"] for item in data["additionalProperty"]}
    assert properties["rawMaterialArea"] == lot.raw_material_area
    assert properties["rawMaterialGrower"] == "Hợp tác xã Dừa Phú Túc"
    assert properties["harvestDate"] == lot.harvest_date.isoformat()
    assert data["countryOfOrigin"] == {"@type": "Country", "name": "VN"}
    assert data["productionDate"] == lot.production_date.isoformat()
    assert "material" not in data


def test_a_package_is_one_individual_product_of_its_lot(client, serial, serial_url):
    data = passport(client, serial_url)
    assert data["@type"] == ["Product", "IndividualProduct"]
    assert data["serialNumber"] == serial.serial


# --- gs1:masterData ----------------------------------------------------------------------------------


def master_data_link(client, url) -> dict:
    linkset = client.get(url, HTTP_ACCEPT="application/linkset+json").json()["linkset"]
    (link,) = linkset[0]["https://gs1.org/voc/masterData"]
    return link


@pytest.mark.parametrize("which", ["lot", "serial"])
def test_the_master_data_link_followed_by_a_browser_gives_the_json_ld_it_announces(
    client, lot, lot_url, serial_url, which
):
    url = lot_url if which == "lot" else serial_url
    link = master_data_link(client, url)
    assert link["type"] == "application/ld+json"
    redirect = client.get(url + "?linkType=gs1:masterData&17=271231", HTTP_ACCEPT=BROWSER)
    assert redirect.status_code == 307
    assert redirect["Location"].split("?")[0] == link["href"].split("?")[0]
    for target in (link["href"], redirect["Location"]):
        response = client.get(target, HTTP_ACCEPT=BROWSER)
        assert response.status_code == 200, target
        assert response["Content-Type"] == "application/ld+json; charset=utf-8"
        assert json.loads(response.content)["productID"] == lot.code
    assert "17=271231" in redirect["Location"]  # the query attributes are passed on, as to any link


def test_the_lot_page_announces_its_json_ld_at_an_address_that_serves_it(client, lot, lot_url):
    page = client.get(lot_url, HTTP_ACCEPT=BROWSER)
    alternate = BeautifulSoup(page.content, "html.parser").find("link", type="application/ld+json")
    assert alternate["href"] == master_data_link(client, lot_url)["href"]
    assert client.get(alternate["href"], HTTP_ACCEPT=BROWSER)["Content-Type"].startswith(JSON_LD)
