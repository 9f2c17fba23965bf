"""The search page's filters name categories and provinces by the content's names, Vietnamese whatever the
page speaks: on an English page they are marked lang="vi" for a screen reader, the interface's (stars,
kinds of producer) are not; a Vietnamese page marks nothing."""

import pytest

from tests.content_language import language_of, languages_marked_in_body, soup_of, vietnamese_read_as

pytestmark = pytest.mark.django_db


def test_the_english_search_page_marks_the_category_and_province_filters_vietnamese(client, catalogue):
    soup = soup_of(client.get("/search/", {"q": "keo", "lang": "en"}))
    categories = soup.select(".facet-category .facet-option span[lang]")
    provinces = soup.select(".facet-province .facet-option span[lang]")
    assert [(span.get_text(), span["lang"]) for span in categories] == [("Kẹo dừa", "vi")]
    assert [(span.get_text(), span["lang"]) for span in provinces] == [("Vĩnh Long", "vi")]
    assert {language_of(label) for label in soup.select(".facet-stars .facet-option")} == {"en"}
    assert vietnamese_read_as("en", soup) == []


def test_the_vietnamese_search_page_marks_no_filter(client, catalogue):
    soup = soup_of(client.get("/search/", {"q": "keo"}))
    assert soup.select(".facet-category .facet-option")
    assert languages_marked_in_body(soup) == []
