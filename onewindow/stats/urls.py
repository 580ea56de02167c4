"""The stats pages, mounted at /stats/ by the project urls."""

app_name = "stats"

urlpatterns: list = []
