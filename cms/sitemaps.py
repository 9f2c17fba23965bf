"""/sitemap.xml: Wagtail's sitemap of every live public page, each with its language versions as
`xhtml:link` alternates, the same as the page's own hreflang links (cms/seo.py): Vietnamese at the
plain URL (also x-default), English at `?lang=en`."""

from wagtail.contrib.sitemaps import Sitemap

from .seo import alternates


class PagesWithLanguagesSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url_info in urls:
            url_info["alternates"] = [
                {"lang_code": code, "location": location}
                for code, location in alternates(url_info["location"])
            ]
        return urls
