"""A URLconf for the hall API tests, so they do not depend on whether onewindow/api.py
mounts the hall router yet: the real API when it does, else a twin of it (same auth, same
error handlers) that mounts the hall router at the same path."""

from django.urls import path
from ninja import NinjaAPI

from onewindow.api import api
from onewindow.hall.api import router

if any(r is router for _prefix, r in api._routers):
    test_api = api
else:
    test_api = NinjaAPI(
        title=api.title,
        version="hall-test",
        renderer=api.renderer,
        auth=api.auth,
        urls_namespace="hall_test_api",
    )
    test_api._exception_handlers.update(api._exception_handlers)
    test_api.add_router("/hall/", router)

urlpatterns = [path("api/v1/", test_api.urls)]
