"""统计分析 pages: the supervision dashboard, the cases behind a number, Excel and PDF."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from onewindow.cases.choices import CaseChannel
from onewindow.catalog.models import Department, ServicePoint
from onewindow.lib.errors import InvalidInput
from onewindow.lib.pdf import CJK_SANS, html_to_pdf

from . import dashboard, exports, filters
from .access import office_page
from .drill import drill_cases


def _bad_filter(request, exc: InvalidInput):
    return render(request, "stats/message.html", {"message": exc.message}, status=422)


def _choices() -> dict:
    return {
        "departments": Department.objects.filter(is_active=True).order_by("order", "code"),
        "points": ServicePoint.objects.filter(is_active=True).order_by("kind", "code"),
        "channels": CaseChannel.choices,
    }


@office_page
def index(request):
    try:
        f = filters.parse(request.GET)
    except InvalidInput as exc:
        return _bad_filter(request, exc)
    board = dashboard.build(f)
    context = {"board": board, "f": f, "query": f.query(), "nav": "stats", **_choices()}
    return render(request, "stats/dashboard.html", context)


@office_page
def cases(request):
    try:
        f = filters.parse(request.GET)
        label, qs, narrowed = drill_cases(
            f, request.GET.get("measure", "accepted"), month=request.GET.get("month", "")
        )
    except InvalidInput as exc:
        return _bad_filter(request, exc)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "label": label,
        "page": page,
        "f": narrowed,
        "department": Department.objects.filter(pk=f.department_id).first()
        if f.department_id
        else None,
        "back": f.query(),
        "nav": "stats",
    }
    return render(request, "stats/cases.html", context)


@office_page
def export_xlsx(request):
    try:
        f = filters.parse(request.GET)
    except InvalidInput as exc:
        return _bad_filter(request, exc)
    data = exports.workbook(dashboard.build(f))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"indicators-{f.start:%Y%m%d}-{f.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@office_page
def export_pdf(request):
    try:
        f = filters.parse(request.GET)
    except InvalidInput as exc:
        return _bad_filter(request, exc)
    board = dashboard.build(f)
    html = render_to_string(
        "stats/report_pdf.html",
        {"board": board, "f": f, "now": timezone.now(), "font": CJK_SANS},
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = f"indicators-{f.start:%Y%m%d}-{f.end:%Y%m%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
