"""The PDF of one notice (三书一单), for the applicant and the staff who may see the case."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .models import Notice
from .notices import notice_filename, render_notice_pdf
from .permissions import can_view


@require_safe
@never_cache  # personal data: no shared or browser cache keeps a copy
def notice_pdf(request, number: str, notice_id: int):
    """Inline PDF. Anyone who may not view the case gets the same 404 as for a notice
    that does not exist, so case numbers cannot be probed."""
    notice = (
        Notice.objects.select_related(
            "department__region",
            "case__applicant",
            "case__matter",
            "case__bundle",
            "case__service_point",
            "case__window",
            "case__lead_department",
        )
        .filter(pk=notice_id, case__number=number)
        .first()
    )
    if notice is None or not can_view(request.user, notice.case):
        raise Http404("未找到该文书")
    response = HttpResponse(render_notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=notice_filename(notice)
    )
    return response
