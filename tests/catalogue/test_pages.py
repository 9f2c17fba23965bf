import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


def test_product_page_shows_price_stars_and_producer(client, product):
    response = client.get(product.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "45.000\u00a0₫" in html
    assert "OCOP 5 sao" in html
    soup = BeautifulSoup(html, "html.parser")
    producer_link = soup.select_one(".producer-line a")
    assert producer_link.text == "Công ty TNHH Đông Á"
