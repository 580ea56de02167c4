"""The supervision pages, mounted at /supervision/ by the project urls."""

from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.accountability_list, name="accountability_list"),
    path("accountability/<int:pk>/", views.accountability_detail, name="accountability"),
    path("assessments/", views.assessments, name="assessments"),
    path("honours/", views.honours, name="honours"),
    path("patrols/", views.patrols, name="patrols"),
    path("patrols/<int:pk>/", views.patrol, name="patrol"),
    path("bulletin/", views.weekly_bulletin, name="bulletin"),
    path("bulletin.pdf", views.weekly_bulletin_pdf, name="bulletin_pdf"),
]
