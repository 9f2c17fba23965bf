"""Who is asking for a lot's or a package's page: a person, or software fetching it for its own
reasons. Only a person's view is a scan, and only a person's scan of a package is its check: a link
pasted into Zalo or Facebook is fetched by their preview bots before anyone opens it, and a browser
may prefetch a page the person has not opened yet."""

import re
from enum import StrEnum


class Visitor(StrEnum):
    PERSON = "person"
    # Link previews, search engines and other crawlers: they get the page, and nothing is recorded.
    PREVIEW = "preview"
    # A browser fetching ahead of a navigation that may never come; if it does, the browser shows
    # what it fetched, so a recorded page is refused to it (see views.py).
    PREFETCH = "prefetch"


# By name, the agents that fetch shared links (chat apps, social networks) and the search engines;
# and any agent that gives an address about itself ("+http…"), as crawlers do. Never a bare "bot"
# (a CUBOT phone's browser is a person's), nor a headless browser: HeadlessChrome is how people
# check the site with Playwright or Puppeteer (a shop's own monitoring, a tester scanning a label on
# screen), and a page it opens is opened on purpose.
_PREVIEW_AGENTS = re.compile(
    r"facebookexternalhit|facebookcatalog|meta-external|twitterbot|slackbot|whatsapp|telegrambot"
    r"|discordbot|linkedinbot|skypeuripreview|pinterestbot|redditbot|embedly|iframely|zalo"
    r"|googlebot|google-inspectiontool|googleother|storebot-google|adsbot-google|bingbot|bingpreview"
    r"|applebot|yandex|baiduspider|duckduckbot|petalbot|coccocbot|\+https?://",
    re.IGNORECASE,
)
# The in-app browsers of those apps are people scanning (Zalo's own QR scanner opens codes in it):
# Zalo's names its platform, theme or language, Facebook's its app.
_IN_APP_BROWSERS = re.compile(
    r"\bzalo (?:android|ios)/|\bzalotheme/|\bzalolanguage/|\bFBAN/|\bFBAV/|\bFB_IAB\b", re.IGNORECASE
)
# `Sec-Purpose: prefetch` (and `prefetch;prerender`), the older `Purpose: prefetch` and Firefox's
# `X-Moz: prefetch`; Safari's Top Sites ask with `X-Purpose: preview`.
_PURPOSE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def who(request) -> Visitor:
    """Whether a person asks for the page, or a prefetch or a preview bot does."""
    purposes = " ".join(request.META.get(header, "") for header in _PURPOSE_HEADERS).lower()
    if "prefetch" in purposes or "prerender" in purposes:
        return Visitor.PREFETCH
    agent = request.META.get("HTTP_USER_AGENT", "")
    if "preview" in purposes or (_PREVIEW_AGENTS.search(agent) and not _IN_APP_BROWSERS.search(agent)):
        return Visitor.PREVIEW
    return Visitor.PERSON
