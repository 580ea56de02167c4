"""A URLconf for the notice view's tests, so they do not depend on how cases/urls.py
wires it. Same path and name as the real route."""

from django.urls import include, path

from onewindow.cases import notice_views

notice_patterns = (
    [
        path(
            "<str:number>/notices/<int:notice_id>.pdf",
            notice_views.notice_pdf,
            name="notice_pdf",
        )
    ],
    "cases",
)

urlpatterns = [path("cases/", include(notice_patterns))]
