"""The ratings pages, mounted at /ratings/ by the project urls."""

from django.urls import path

from .views import applicant, device, reviews, staff

app_name = "ratings"

urlpatterns = [
    path("", applicant.mine, name="mine"),
    path("case/<str:number>/", applicant.rate_case, name="rate"),
    path("qr/<str:number>/<str:token>/", applicant.rate_by_qr, name="rate_qr"),
    path("revisit/<int:pk>/", applicant.revisit, name="revisit"),
    path("device/<str:token>/", device.device_page, name="device"),
    path("device/<str:token>/panel/", device.device_panel, name="device_panel"),
    path("device/<str:token>/rate/", device.device_rate, name="device_rate"),
    path("rectifications/", staff.rectifications, name="rectifications"),
    path("rectifications/<int:pk>/", staff.rectification, name="rectification"),
    path(
        "rectifications/<int:pk>/<str:action>/",
        staff.rectification_action,
        name="rectification_action",
    ),
    path("appeals/", staff.appeals, name="appeals"),
    path("appeals/<int:pk>/review/", staff.appeal_review, name="appeal_review"),
    path("reviews/", reviews.campaigns, name="campaigns"),
    path("reviews/<int:pk>/", reviews.campaign, name="campaign"),
    path("reviews/<int:pk>/<str:action>/", reviews.campaign_action, name="campaign_action"),
    path("ballot/open/<str:open_token>/", reviews.ballot_open, name="ballot_open"),
    path("ballot/<str:token>/", reviews.ballot, name="ballot"),
    path("ranking/", reviews.ranking, name="ranking"),
    path("ranking/<int:pk>/", reviews.ranking, name="ranking_of"),
]
