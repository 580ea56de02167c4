"""Reading cases: the caller's list, the overdue list, a department's inbox, one case, its
audit trail and its notices (三书一单) with their PDFs.

Lists cost a fixed number of queries whatever their length: rows come from selectors with
their relations joined, signals from the stored clock (tests assert the counts)."""

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Query
from ninja.pagination import paginate

from onewindow.audit.selectors import events_for
from onewindow.lib.errors import NotFound

from .. import clock, permissions, selectors
from ..choices import Signal
from ..models import Case, Review
from .base import (
    ERRORS,
    Pages,
    detail_of,
    require,
    router,
    signal_of,
    staff_department_id,
    visible_case,
)
from .schemas import CaseDetail, CaseFilters, CaseRow, EventOut, InboxRow, NoticeOut, OverdueRow

ERR_NOT_REVIEWER = "仅部门审批人员有部门待办"
ERR_NOT_SUPERVISOR = "超期办件仅监督人员和相关部门审批人员可查看"


def _involving(department_filter: Q, review_filter: dict) -> Q:
    """Cases a department leads or reviews (a subquery, so rows are never duplicated)."""
    return department_filter | Q(pk__in=Review.objects.filter(**review_filter).values("case_id"))


class _Decorated:
    """A queryset the paginator counts and slices; only the rows of the page it takes are
    decorated (days overdue, signals), in memory, without a query per row."""

    def __init__(self, qs, decorate):
        self.qs, self.decorate = qs, decorate

    def __len__(self):
        return self.qs.count()

    def __getitem__(self, item):
        rows = list(self.qs[item])
        for row in rows:
            self.decorate(row)
        return rows


@router.get("", response=list[CaseRow], summary="办件列表", description="当前用户可见的办件。")
@paginate(Pages, page_size=20, max_page_size=100)
def list_cases(request, filters: Query[CaseFilters]):
    now = timezone.now()
    qs = selectors.with_signal(selectors.cases_visible_to(request.auth), now)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.signal:
        qs = qs.filter(selectors.signal_filter(filters.signal, now))
    if filters.channel:
        qs = qs.filter(channel=filters.channel)
    if filters.department:
        code = filters.department
        qs = qs.filter(_involving(Q(lead_department__code=code), {"department__code": code}))
    if filters.matter:
        through = Case.bundle_matters.through.objects.filter(matter__code=filters.matter)
        qs = qs.filter(Q(matter__code=filters.matter) | Q(pk__in=through.values("case_id")))
    if filters.q:
        q = filters.q.strip()
        qs = qs.filter(Q(number__icontains=q) | Q(applicant__name__icontains=q))
    return qs.order_by("-submitted_at", "-id")


@router.get(
    "/overdue",
    response=list[OverdueRow],
    summary="超期办件",
    description="正在计时且已超过办结期限的办件，最早到期的在前。监督人员看全部，部门审批人员看本部门。",
)
@paginate(Pages, page_size=50, max_page_size=200)
def list_overdue(request, department: str | None = Query(None, max_length=20)):
    user, now = request.auth, timezone.now()
    qs = selectors.with_signal(selectors.case_list_base(), now)
    if not permissions.is_supervisor(user):
        department_id = staff_department_id(user)
        require(department_id is not None, ERR_NOT_SUPERVISOR)
        qs = qs.filter(_involving(Q(lead_department_id=department_id), {"department_id": department_id}))  # fmt: skip
    if department:
        qs = qs.filter(_involving(Q(lead_department__code=department), {"department__code": department}))  # fmt: skip
    qs = qs.filter(selectors.signal_filter(Signal.RED, now)).order_by("due_at", "id")

    def decorate(case):
        case.days_overdue = clock.overdue_workdays(case.due_at, now)

    return _Decorated(qs, decorate)


@router.get(
    "/inbox",
    response=list[InboxRow],
    summary="部门待办",
    description="本部门待审查的任务，最紧迫的在前（处于特殊环节的办件不在其中）。",
)
@paginate(Pages, page_size=50, max_page_size=200)
def inbox(request):
    department_id = staff_department_id(request.auth)
    require(department_id is not None, ERR_NOT_REVIEWER)
    now = timezone.now()

    def decorate(review):
        review.case.signal = signal_of(review.case, now)

    inbox = selectors.department_inbox(department_id, now)
    return _Decorated(inbox.select_related("case__lead_department"), decorate)


@router.get("/{number}", response={200: CaseDetail, **ERRORS}, summary="办件详情")
def get_case(request, number: str):
    return detail_of(request, number)


@router.get("/{number}/timeline", response={200: list[EventOut], **ERRORS}, summary="办件审计记录")
def timeline(request, number: str):
    case = visible_case(request, number)
    return list(events_for(case).select_related("actor__staff_profile"))


@router.get("/{number}/notices", response={200: list[NoticeOut], **ERRORS}, summary="三书一单")
def list_notices(request, number: str):
    case = visible_case(request, number)
    return list(case.notices.select_related("department"))


@router.get(
    "/{number}/notices/{notice_id}/pdf",
    response={200: None, **ERRORS},
    url_name="case_notice_pdf",
    summary="文书 PDF",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def notice_pdf(request, number: str, notice_id: int):
    # Imported here: notices.py pulls in WeasyPrint, which the rest of the API never needs.
    from ..notices import notice_filename, render_notice_pdf

    case = visible_case(request, number)
    notice = case.notices.select_related("department").filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("未找到该文书", code="notice_not_found")
    response = HttpResponse(render_notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, notice_filename(notice))
    response["Cache-Control"] = "private, no-store"
    return response
