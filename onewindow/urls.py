from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from onewindow.api import api

admin.site.site_header = "OneWindow 一窗通办 · 管理后台"
admin.site.site_title = "一窗通办管理后台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("onewindow.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("notify/", include("onewindow.notify.urls")),
    path("cases/", include("onewindow.cases.urls")),
    path("hall/", include("onewindow.hall.urls")),
    path("e-licenses/", include("onewindow.licenses.urls")),
    path("trust/", include("onewindow.trust.urls")),
    path("ratings/", include("onewindow.ratings.urls")),
    path("supervision/", include("onewindow.supervision.urls")),
    path("reach/", include("onewindow.reach.urls")),
    path("enterprise/", include("onewindow.enterprise.urls")),
    path("open311/v2/", include("onewindow.enterprise.urls_open311")),
    path("stats/", include("onewindow.stats.urls")),
    path("", include("onewindow.catalog.urls")),
]
if settings.DEBUG:
    # Only the catalog's blank forms and samples are public files. Case uploads are served
    # by cases:material_file after a permission check, never from /media/.
    urlpatterns += [
        re_path(r"^media/(?P<path>materials/.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    ]
