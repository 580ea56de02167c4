"""The notify pages, mounted at /notify/ by the project urls."""

from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [path("", views.outbox, name="outbox")]
