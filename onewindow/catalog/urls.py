from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("matters/", views.matter_index, name="matters"),
    path("matters/<str:code>/", views.matter_detail, name="matter"),
    path("matters/<str:code>/v<int:version>/", views.matter_detail, name="matter_version"),
    path("departments/", views.department_index, name="departments"),
    path("departments/<str:code>/", views.department_detail, name="department"),
    path("themes/", views.theme_index, name="themes"),
    path("themes/<slug:code>/", views.theme_detail, name="theme"),
    path("levels/<str:level>/", views.level_detail, name="level"),
    path("bundles/", views.bundle_index, name="bundles"),
    path("bundles/<slug:code>/", views.bundle_detail, name="bundle"),
    path("licenses/", views.license_index, name="licenses"),
    path("licenses/<slug:code>/", views.license_detail, name="license"),
]
