"""The admin's Excel pages: download the implementation list, upload it back.

Wired by MatterAdmin: `excel_admin_urls()` goes in front of its get_urls() (before
the catch-all object URLs) and `export_selected_matters` is one of its actions.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from .excel import CatalogImportError, export_catalog, import_catalog
from .models import Matter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 20 * 1024 * 1024


def _xlsx_response(content: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    filename = f"{stem}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def export_view(request):
    if not request.user.has_perm("catalog.view_matter"):
        raise PermissionDenied
    return _xlsx_response(export_catalog(), "实施清单")


@admin.action(description="导出所选事项到 Excel（当前版本，不含一件事）", permissions=["view"])
def export_selected_matters(modeladmin, request, queryset):
    return _xlsx_response(export_catalog(queryset), "实施清单-所选事项")


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel 文件", help_text="由「导出实施清单」得到的 .xlsx 工作簿")
    dry_run = forms.BooleanField(label="仅校验，不写入", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 工作簿")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件不能超过 20 MB")
        return upload


def _url(name: str) -> str:
    # The page must render even where the Matter admin is not registered (tests, set-up).
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def import_view(request, admin_site=admin.site):
    if not (
        request.user.has_perm("catalog.add_matter")
        and request.user.has_perm("catalog.change_matter")
    ):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, summary, status = None, None, 200
    if request.method == "POST" and form.is_valid():
        try:
            summary = import_catalog(
                form.cleaned_data["file"],
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
        except CatalogImportError as exc:
            errors, status = exc, exc.status
    context = {
        **admin_site.each_context(request),
        "title": "导入实施清单",
        "opts": Matter._meta,
        "form": form,
        "errors": errors,
        "summary": summary,
        "export_url": _url("admin:catalog_excel_export"),
        "changelist_url": _url("admin:catalog_matter_changelist"),
    }
    return TemplateResponse(request, "admin/catalog/import_catalog.html", context, status=status)


def excel_admin_urls(admin_site=None) -> list:
    """URL patterns to put in front of MatterAdmin.get_urls()."""
    site = admin_site or admin.site
    return [
        path("excel/export/", site.admin_view(export_view), name="catalog_excel_export"),
        path(
            "excel/import/",
            site.admin_view(import_view),
            {"admin_site": site},
            name="catalog_excel_import",
        ),
    ]
