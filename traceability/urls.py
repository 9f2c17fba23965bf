app_name = "traceability"
urlpatterns = []
