"""A plain database search until the search service (issue 4) replaces it."""

from django.core.paginator import Paginator
from django.shortcuts import render

from catalogue.models import ProductPage


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    products = ProductPage.objects.cards()
    if query:
        products = products.filter(title__icontains=query)
    page = Paginator(products, 24).get_page(request.GET.get("page"))
    return render(request, "search/search.html", {"query": query, "products": page})
