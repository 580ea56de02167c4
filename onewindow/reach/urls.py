"""The reach pages, mounted at /reach/ by the project urls."""

from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("agency/", views.agency_list, name="agency_list"),
    path("agency/new/", views.agency_new, name="agency_new"),
    path("agency/hotline/", views.agency_hotline, name="agency_hotline"),
    path("agency/stats/", views.agency_stats, name="agency_stats"),
    path("agency/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agency/<int:pk>/authorise/", views.agency_authorise, name="agency_authorise"),
    path("agency/<int:pk>/apply/", views.agency_apply, name="agency_apply"),
    path("agency/<int:pk>/mail/", views.agency_mail, name="agency_mail"),
    path("agency/<int:pk>/finish/", views.agency_finish, name="agency_finish"),
    path("agency/<int:pk>/rate/", views.agency_rate, name="agency_rate"),
    path("outlet/", views.outlet_desk, name="outlet_desk"),
    path("cross-town/", views.cross_town, name="cross_town"),
    path("transfers/", views.transfers, name="transfers"),
]
