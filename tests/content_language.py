"""Which language a screen reader reads a part of a page in: the nearest `lang` up the tree (WCAG 3.1.2,
Language of Parts). The content is Vietnamese whatever the interface speaks."""

import unicodedata

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


# Letters only Vietnamese writes among the page's languages: a vowel with a tone or a hat, and đ.
# (English text has none; "é" in a loanword would be a false alarm worth looking at anyway.)
def _is_vietnamese(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return any(unicodedata.combining(char) or char in "đĐ" for char in decomposed)


# Text a screen reader reads from an attribute, in the language of its element.
READ_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")
NOT_READ = ("script", "style", "template", "head")


def _chooses_language(element) -> bool:
    # The footer's language choices: each named in its own language, whatever the page speaks.
    return element.find_parent("form", class_="language-form") is not None


def vietnamese_read_as(language: str, soup) -> list[str]:
    """The Vietnamese text of the page's body (text and read attributes) whose nearest `lang` is
    `language`: what a screen reader would read with that language's voice. The language choices apart."""
    found = []
    for text in soup.body.find_all(string=True):
        element = text.parent
        if element.name in NOT_READ or element.find_parent(NOT_READ) or _chooses_language(element):
            continue
        if _is_vietnamese(text) and language_of(element) == language:
            found.append(f"<{element.name}{_where(element)}> {text.strip()[:60]}")
    for element in soup.body.find_all(True):
        if element.name in NOT_READ or _chooses_language(element) or language_of(element) != language:
            continue
        for attribute in READ_ATTRIBUTES:
            if _is_vietnamese(element.get(attribute) or ""):
                found.append(f"<{element.name}{_where(element)} {attribute}> {element[attribute][:60]}")
    return found


def _where(element) -> str:
    classes = [" ".join(parent.get("class")) for parent in element.parents if parent.get("class")]
    return f" in {classes[0]}" if classes else ""
