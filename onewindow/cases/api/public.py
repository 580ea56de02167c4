"""The public progress query (办件进度查询): anyone with the case number and the last four
characters of the applicant's ID number or phone sees where the case stands.

It answers the status, the dates, the signal and the steps taken, never opinions, reasons,
staff names or personal data beyond a masked name. A wrong tail answers exactly like an
unknown number, and failed lookups are counted per address, so numbers cannot be probed."""

from django.core.cache import cache
from django.utils import timezone
from ninja import Query

from onewindow.accounts.models import ApplicantKind
from onewindow.audit.selectors import events_for
from onewindow.lib.errors import DomainError, NotFound

from .. import selectors
from ..choices import CaseStatus, Signal
from .base import router, signal_of
from .schemas import ErrorOut, ProgressOut

ERR_NO_MATCH = "未找到该办件，请核对办件编号和申请人证件号码（或手机号码）后四位"
ERR_THROTTLED = "查询次数过多，请一小时后再试"

# The same budget as the progress page (views/public.py), under the same cache key, so that
# a guesser gains nothing by switching from the page to the API: 20 failures an hour.
MAX_FAILURES = 20
FAILURE_WINDOW = 3600


def _failures_key(request) -> str:
    return f"cases:progress-failures:{request.META.get('REMOTE_ADDR', '')}"


def _count_failure(key: str) -> None:
    cache.add(key, 0, FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FAILURE_WINDOW)


# The audit actions that are public steps, by the name shown; review events stay internal.
PUBLIC_STEPS = {f"case.{s.lower()}": label for s, label in CaseStatus.choices} | {
    "case.supplement_completed": "补正材料已提交",
    "case.submitted": "提交申请",
}


def mask_name(name: str, kind: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***; organisations keep their head and legal form."""
    if kind == ApplicantKind.ORGANISATION and len(name) > 6:
        return f"{name[:2]}****{name[-4:]}"
    return name[:1] + "*" * max(len(name) - 1, 1)


def _tail_matches(applicant, tail: str) -> bool:
    tail = tail.strip().upper()
    digits = "".join(c for c in applicant.phone if c.isdigit())
    return applicant.id_number[-4:].upper() == tail or (len(digits) >= 4 and digits[-4:] == tail)


@router.get(
    "/progress",
    auth=None,
    response={200: ProgressOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="办件进度查询（公开）",
    description="凭办件编号和申请人证件号码（或手机号码）后四位查询办理进度，无需登录。",
)
def progress(
    request,
    number: str = Query(..., max_length=32, description="办件编号"),
    tail: str = Query(..., min_length=4, max_length=4, description="证件号码或手机号码后四位"),
):
    key = _failures_key(request)
    if cache.get(key, 0) >= MAX_FAILURES:
        raise DomainError(ERR_THROTTLED, code="throttled", status=429)
    case = selectors.case_list_base().filter(number=number.strip()).first()
    if case is None or not _tail_matches(case.applicant, tail):
        _count_failure(key)
        raise NotFound(ERR_NO_MATCH, code="case_not_found")
    case.signal = signal_of(case, timezone.now())
    steps = [
        {"name": PUBLIC_STEPS[e.action], "at": e.created_at}
        for e in events_for(case).filter(action__in=PUBLIC_STEPS)
    ]
    return {
        "number": case.number,
        "title": case.title,
        "applicant_name": mask_name(case.applicant.name, case.applicant.kind),
        "status": case.status,
        "status_label": case.get_status_display(),
        "signal": case.signal,
        "signal_label": Signal(case.signal).label if case.signal else "",
        "submitted_at": case.submitted_at,
        "accepted_at": case.accepted_at,
        "due_at": case.due_at,
        "concluded_at": case.concluded_at,
        "delivered_at": case.delivered_at,
        "steps": steps,
    }
