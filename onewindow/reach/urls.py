"""The reach pages, mounted at /reach/ by the project urls."""

app_name = "reach"

urlpatterns: list = []
