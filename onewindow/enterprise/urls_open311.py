"""Open311 GeoReport v2, mounted at /open311/v2/ by the project urls."""

from django.urls import path

from . import open311

app_name = "open311"

urlpatterns = [
    path("discovery.<str:fmt>", open311.discovery, name="discovery"),
    path("services.<str:fmt>", open311.service_list, name="services"),
    path("services/<str:code>.<str:fmt>", open311.service_definition, name="service"),
    path("requests.<str:fmt>", open311.requests_, name="requests"),
    path("requests/<str:number>.<str:fmt>", open311.request_detail, name="request"),
]
