"""The stats pages, mounted at /stats/ by the project urls."""

from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="dashboard"),
    path("cases/", views.cases, name="cases"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
]
