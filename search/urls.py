from django.urls import path

from pagecache.decorators import public_page

from . import views

app_name = "search"
urlpatterns = [
    # Cached per query string; purged with the products it lists (pagecache/purges.py).
    path("", public_page(views.search), name="search"),
    path("suggest/", views.suggest, name="suggest"),
]
