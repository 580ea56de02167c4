"""The project's urls with the pre-review and appointment pages mounted in the "hall"
namespace, whether or not the project urls mount them yet (they replace any "hall")."""

from django.urls import include, path

from onewindow import urls as root
from onewindow.hall import urls_public

urlpatterns = [p for p in root.urlpatterns if getattr(p, "namespace", None) != "hall"] + [
    path("hall/", include((urls_public.urlpatterns, "hall"))),
]
