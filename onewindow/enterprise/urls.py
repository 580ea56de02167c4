"""The enterprise pages, mounted at /enterprise/ by the project urls."""

app_name = "enterprise"

urlpatterns: list = []
