app_name = "storefront"
urlpatterns = []
