"""What a shopper sees of a search: the results page, and its products' titles in order."""

from django.urls import reverse

URL = reverse("search:search")


def titles(response):
    return [p.title for p in response.context["products"]]


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response
