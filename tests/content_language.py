"""Which language a screen reader reads a part of a page in: the nearest `lang` up the tree (WCAG 3.1.2,
Language of Parts). The content is Vietnamese whatever the interface speaks."""

from bs4 import BeautifulSoup


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def language_of(element) -> str:
    while element is not None:
        if element.get("lang"):
            return element["lang"]
        element = element.parent
    return ""


def languages_marked_in_body(soup) -> list[str]:
    """The elements of the page's body that name their own language, but the footer's language choices
    (each named in its own language whatever the page speaks)."""
    return [str(element)[:80] for element in soup.body.select("[lang]") if element.name != "option"]
