"""Gift combos beside other listings: `{% matching_gift_combos query as combos %}` on the search page."""

from django import template

from catalogue.combos import matching_combos

register = template.Library()


@register.simple_tag
def matching_gift_combos(query, page_number=1):
    """The live combos a search finds (only with a query, on the first page): one query, plus two
    prefetches when some match."""
    if not query or str(page_number) != "1":
        return []
    return matching_combos(query)
