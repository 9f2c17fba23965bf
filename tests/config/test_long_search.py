"""A long search (a product description pasted into the search box) is searched for by its first
MAX_QUERY_LENGTH characters: never gunicorn's bare English "414 URI Too Long" page. The boxes take no
more, the server cuts what a link or a script sends, and gunicorn lets a long request line through."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from config import api
from config.search_length import MAX_QUERY_LENGTH

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
PASTED = "kẹo dừa " * 160  # 1,280 characters: 4.5 KB of request line once percent-encoded

pytestmark = pytest.mark.django_db


def search_boxes(response) -> list:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return soup.select("input[name=q]")


@pytest.mark.parametrize(
    "path",
    [
        "/",  # the header's box, on every page
        "/search/?q=keo",  # the search page's own
        "/khong-co-trang-nay/",  # the 404 page
        "/01/8930000000019/21/ABC/10/L2406-01",  # the resolver's error page
    ],
)
def test_every_search_box_takes_no_more_than_the_search_reads(client, home, path):
    boxes = search_boxes(client.get(path, HTTP_ACCEPT=BROWSER))
    assert boxes
    assert {box.get("maxlength") for box in boxes} == {str(MAX_QUERY_LENGTH)}


def test_a_pasted_description_is_searched_by_its_first_characters(client, home):
    response = client.get(f"/search/?q={quote(PASTED)}", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert {box["value"] for box in search_boxes(response)} == {PASTED[:MAX_QUERY_LENGTH].strip()}


def test_suggestions_for_a_pasted_description_answer(client, home):
    response = client.get(f"/search/suggest/?q={quote(PASTED)}")
    assert response.status_code == 200
    assert "suggestions" in response.json()


def test_the_api_searches_the_first_characters_of_a_long_search(client, home, monkeypatch):
    searched = []
    real = api.matching_page_ids
    monkeypatch.setattr(
        api, "matching_page_ids", lambda text, queryset: searched.append(text) or real(text, queryset)
    )
    response = client.get(f"/api/v2/pages/?search={quote(PASTED)}")
    assert response.status_code == 200, response.content
    assert searched == [PASTED[:MAX_QUERY_LENGTH]]


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("Makefile", r"\$\(VENV\)/bin/gunicorn config\.wsgi[^\n]*"),
        ("Dockerfile", r'CMD \["gunicorn"[^\n]*'),
        ("docker-compose.yml", r'command: \["gunicorn"[^\n]*'),
    ],
)
def test_every_gunicorn_the_project_starts_takes_a_long_request_line(path, command):
    # gunicorn's default, 4094 bytes, is a 414 for the 4.5 KB of a 1,300-character Vietnamese search;
    # 8190 is the most it takes.
    [line] = re.findall(command, (ROOT / path).read_text())
    words = re.findall(r'[^\s",\[\]]+', line)
    assert words[words.index("--limit-request-line") + 1] == "8190", line
