"""A lot's page shows the product's OCOP certification as the record says today."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue import certification as rules
from catalogue.permissions import programme_staff_group


def test_a_revoked_certification_shows_on_the_lot_page_and_leaves_the_passport(client, lot_url, product):
    assert "OCOP 5 sao" in BeautifulSoup(client.get(lot_url).content, "html.parser").select_one(".badge").text
    staff = get_user_model().objects.create_user("canbo", password="x")
    staff.groups.add(programme_staff_group())
    rules.revoke(product.certification, staff, "Không còn đạt tiêu chí")
    soup = BeautifulSoup(client.get(lot_url).content, "html.parser")
    assert soup.select_one(".badge").text == "Chứng nhận OCOP đã bị thu hồi"
    passport = client.get(lot_url, HTTP_ACCEPT="application/ld+json").content.decode()
    assert "OCOP 5 sao" not in passport
