"""A page's internal links and forms, and which language each asks for by `?lang=`: how a visitor who
opened a page by its `?lang=en` link (an hreflang alternate, a shared link) can tell whether the next
page will still be in English."""

from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup

# Files, not pages: they have no language.
FILES = ("/static/", "/media/", "/documents/")
# The footer's language form chooses a language; it never keeps one.
CHOOSES_LANGUAGE = "/i18n/setlang/"


def _internal(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme in ("", "http", "https")
        and parts.netloc in ("", "testserver")
        and bool(parts.path or parts.query)
    )


def internal_targets(response) -> dict[str, str]:
    """{link or form: the language it asks for ("" for none)}, for every internal link (`a[href]`) and
    form of the page. A form posts to its action (its own address without one); a GET form may ask by a
    hidden `lang` field instead."""
    page_url = response.request["PATH_INFO"] + (
        f"?{response.request['QUERY_STRING']}" if response.request.get("QUERY_STRING") else ""
    )
    soup = BeautifulSoup(response.content, "html.parser")
    targets = {}
    for link in soup.select("a[href]"):
        href = link["href"]
        if href.startswith("#") or not _internal(href):
            continue
        url = urljoin(page_url, href)
        if not urlsplit(url).path.startswith(FILES):
            targets[f"link “{link.get_text(' ', strip=True)}” {href}"] = _asked(url)
    for form in soup.select("form"):
        url = urljoin(page_url, form.get("action") or page_url)
        if urlsplit(url).path == CHOOSES_LANGUAGE or not _internal(url):
            continue
        asked = _asked(url)
        if form.get("method", "get").lower() == "get":
            field = form.select_one("input[name=lang]")
            asked = field["value"] if field is not None else asked
        targets[f"form {form.get('class')} → {url}"] = asked
    return targets


def _asked(url: str) -> str:
    return parse_qs(urlsplit(url).query).get("lang", [""])[-1]


def not_in(language: str, response) -> list[str]:
    """The page's links and forms that do not ask for `language` ("" : that ask for one)."""
    return [target for target, asked in internal_targets(response).items() if asked != language]
