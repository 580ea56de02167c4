"""The licenses pages, mounted at /licenses/ by the project urls."""

app_name = "licenses"

urlpatterns: list = []
