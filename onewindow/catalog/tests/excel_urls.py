"""URLconf for the Excel admin tests: the admin site with the Excel views in front of it,
under the same paths and names MatterAdmin gives them, whatever admin.py wires."""

from django.contrib import admin
from django.urls import include, path

from onewindow.catalog.admin_excel import excel_admin_urls

admin_patterns = [path("catalog/matter/", include(excel_admin_urls())), *admin.site.get_urls()]

urlpatterns = [path("admin/", (admin_patterns, "admin", admin.site.name))]
