"""The trust pages, mounted at /trust/ by the project urls."""

app_name = "trust"

urlpatterns: list = []
