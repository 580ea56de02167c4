"""The supervision pages, mounted at /supervision/ by the project urls."""

app_name = "supervision"

urlpatterns: list = []
