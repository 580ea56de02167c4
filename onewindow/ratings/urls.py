"""The ratings pages, mounted at /ratings/ by the project urls."""

app_name = "ratings"

urlpatterns: list = []
