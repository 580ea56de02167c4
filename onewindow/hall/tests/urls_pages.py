"""A URLconf for the hall page tests: the project's own when it mounts the hall at /hall/,
else the project's plus the hall pages at /hall/, so the tests do not wait on that line."""

from django.urls import include, path

from onewindow.urls import urlpatterns as project_patterns

mounted = any(getattr(p, "app_name", None) == "hall" for p in project_patterns)
urlpatterns = list(project_patterns)
if not mounted:
    urlpatterns.insert(0, path("hall/", include("onewindow.hall.urls")))
