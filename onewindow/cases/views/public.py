"""Public progress lookup (办件进度查询): the case number plus the last 4 characters of the
applicant's ID number or phone. The QR code on every notice points at /cases/progress/<number>/.

A wrong number and a wrong tail get the same answer, so the page cannot be used to learn
which case numbers exist; failed lookups are counted per address and slowed down."""

from django.core.cache import cache
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .. import selectors
from ..forms import ProgressForm
from . import queries
from .common import mask_name, page

MAX_FAILURES = 20  # failed lookups per address per hour
FAILURE_WINDOW = 3600
NOT_FOUND = "未找到该办件，请核对办件编号和证件号码或手机号码后4位。"


def _tail_matches(applicant, tail: str) -> bool:
    phone = "".join(c for c in applicant.phone or "" if c.isdigit())
    return applicant.id_number[-4:].upper() == tail or (len(phone) >= 4 and phone[-4:] == tail)


def _failures_key(request) -> str:
    return f"cases:progress-failures:{request.META.get('REMOTE_ADDR', '')}"


def _count_failure(key: str) -> None:
    cache.add(key, 0, FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, FAILURE_WINDOW)


@never_cache
def progress(request, number: str = ""):
    form = ProgressForm(request.POST or None, initial={"number": number})
    context = {"form": form, "number": number}
    status = 200
    if request.method == "POST":
        key = _failures_key(request)
        if cache.get(key, 0) >= MAX_FAILURES:
            context["error"], status = "查询次数过多，请一小时后再试。", 429
        elif form.is_valid():
            case = selectors.case_detail(form.cleaned_data["number"])
            if case is not None and _tail_matches(case.applicant, form.cleaned_data["tail"]):
                queries.with_clock([case], timezone.now())
                context.update(
                    case=case,
                    masked_name=mask_name(case.applicant.name),
                    steps=queries.progress_steps(case, public=True),
                )
            else:
                _count_failure(key)
                context["error"], status = NOT_FOUND, 404
        else:
            status = 422
    return page(request, "cases/progress.html", context, status=status, tab="progress")
