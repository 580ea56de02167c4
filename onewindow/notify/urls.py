"""The notify pages, mounted at /notify/ by the project urls."""

app_name = "notify"

urlpatterns: list = []
