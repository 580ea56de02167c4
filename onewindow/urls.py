from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from onewindow.api import api

admin.site.site_header = "OneWindow 一窗通办 · 管理后台"
admin.site.site_title = "一窗通办管理后台"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/", include("onewindow.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("cases/", include("onewindow.cases.urls")),
    path("", include("onewindow.catalog.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
