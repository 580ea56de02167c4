"""The licenses pages, mounted at /e-licenses/ by the project urls (/licenses/ is the
catalog's list of 一业一证 industries)."""

from django.urls import path

from . import views

app_name = "licenses"

urlpatterns = [
    path("verify/", views.verify_lookup, name="verify_lookup"),
    path("verify/<str:number>/", views.verify_page, name="verify"),
    path("mine/", views.mine, name="mine"),
    path("department/", views.department, name="department"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/license.pdf", views.license_pdf, name="pdf"),
    path("<str:number>/revocation.pdf", views.revocation_pdf, name="revocation_pdf"),
    path("<str:number>/revoke/", views.revoke, name="revoke"),
]
