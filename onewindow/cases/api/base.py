"""What every endpoint of the cases API shares: the router, finding a case the caller may
see, refusing what they may not do, and the case as the API shows it.

A case the caller may not see answers 404, exactly like a number that does not exist, so
case numbers cannot be probed; an action on a case they may see but not perform answers
403 with the code "forbidden"."""

import functools
from datetime import UTC, datetime

from django.db.models import prefetch_related_objects
from django.utils import timezone
from ninja import Field, Router
from ninja.pagination import PageNumberPagination

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.lib import answers
from onewindow.lib.errors import Forbidden, NotFound

from .. import permissions, selectors
from ..choices import CLOCK_RUNNING, UNDECIDED, CaseStatus, MaterialCheck, ReviewStatus, Signal
from ..models import Case
from ..services.common import known
from .schemas import CaseDetail, ErrorOut

router = Router(tags=["办件"])

ERR_CASE_NOT_FOUND = "未找到该办件"
ERR_FORBIDDEN = "您不能对该办件进行此项操作"

# Documented on every operation that may refuse; the body is the API's one error shape.
ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}

S = CaseStatus


class Pages(PageNumberPagination):
    """Page numbers with a ceiling: an absurd page is a 422, not an OFFSET the database
    cannot hold (a 500)."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=100_000)


def case_not_found() -> NotFound:
    return NotFound(ERR_CASE_NOT_FOUND, code="case_not_found")


def require(allowed: bool, message: str = ERR_FORBIDDEN) -> None:
    if not allowed:
        raise Forbidden(message, code="forbidden")


def visible_case(request, number: str, *, full: bool = False) -> Case:
    """The case with this number if the caller may see it (404 otherwise). `full` prefetches
    what the detail shows."""
    if full:
        case = selectors.case_detail(number)
    else:
        case = selectors.case_list_base().filter(number=number).first()
    if case is None or not permissions.can_view(request.auth, case):
        raise case_not_found()
    return case


def acting_on(request, number: str, action: str) -> Case:
    """The case, once the caller may see it (404) and may perform `action` on it (403)."""
    case = visible_case(request, number)
    require(permissions.can_act(request.auth, case, action))
    return case


def may(request, action: str):
    """acting_on for a case a service has locked: a check to hand to the service."""

    def check(case: Case) -> None:
        if not permissions.can_view(request.auth, case):
            raise case_not_found()
        require(permissions.can_act(request.auth, case, action))

    return check


def staff_department_id(user) -> int | None:
    """The department of a reviewer or section head, else None."""
    profile = getattr(user, "staff_profile", None)
    if profile is None or not profile.department_id:
        return None
    if not user_roles(user) & {Role.REVIEWER, Role.SECTION_HEAD, Role.ADMIN}:
        return None
    return profile.department_id


def signal_of(case: Case, now: datetime) -> str | None:
    """The same rule as selectors.signal_filter, for a case already in memory."""
    if case.status not in CLOCK_RUNNING or case.due_at is None:
        return None
    if case.due_at <= now:
        return Signal.RED
    return Signal.YELLOW if case.warn_at <= now else Signal.GREEN


def _may_decide(user, case: Case, review) -> bool:
    return (
        review.status == ReviewStatus.OPEN
        and case.status in (S.ACCEPTED, S.IN_REVIEW)
        and permissions.is_reviewer_for(user, review.department_id)
    )


def _candidate_actions(case: Case) -> list[str]:
    """What the state of the case allows next, before asking who the caller is."""
    status, completed = case.status, case.materials_completed_at is not None
    candidates = []
    if status == S.SUBMITTED:
        candidates.append("pre_review")
    if status == S.PRE_REVIEWED:
        problems = any(m.check_result != MaterialCheck.PROVIDED for m in case.materials.all())
        candidates += ["request_supplement", "refuse"] if problems else ["accept", "refuse"]
    if status == S.SUPPLEMENT_REQUESTED:
        candidates.append("accept" if completed else "complete_supplement")
    if status in (S.ACCEPTED, S.IN_REVIEW):
        candidates += ["suspend", "decide"]
    if status == S.SUSPENDED:
        candidates.append("resume")
    if status in (S.APPROVED, S.DENIED):
        candidates.append("deliver")
    if status == S.DELIVERED:
        candidates.append("close")
    if status in UNDECIDED:
        candidates.append("withdraw")
    return candidates


def present(request, case: Case, *, fetched: bool = False) -> CaseDetail:
    """The detail of a case from selectors.case_detail: the case decorated with what the
    detail shows (its signal, its delivery, which reviews the caller may decide and the
    actions open to them), as the answer schema filled without ninja's validation.
    `fetched`: every relation the detail shows is already in memory."""
    user, now = request.auth, timezone.now()
    if not fetched:
        prefetch_related_objects([case], "notices__department", "reviews__reviewer__staff_profile")
    case.signal = signal_of(case, now)
    reviews = list(case.reviews.all())
    for review in reviews:
        review.may_decide = _may_decide(user, case, review)
    case.reviews_shown = reviews
    try:
        case.delivery_shown = case.delivery
    except Case.delivery.RelatedObjectDoesNotExist:
        case.delivery_shown = None
    allowed = []
    for action in _candidate_actions(case):
        if action == "decide":
            if any(r.may_decide for r in reviews):
                allowed.append(action)
        elif permissions.can_act(user, case, action):
            allowed.append(action)
    case.allowed_actions = allowed
    return answers.build(CaseDetail, case, {"request": request})


def detail_of(request, number: str) -> CaseDetail:
    return present(request, visible_case(request, number, full=True))


def as_read(case: Case) -> Case:
    """Datetimes as the database gives them back (UTC), so that an answer built from memory
    reads exactly like one read back (the clock computes in local time)."""
    for attname in _datetime_attnames():
        value = getattr(case, attname)
        if value is not None:
            setattr(case, attname, value.astimezone(UTC))
    return case


@functools.cache
def _datetime_attnames() -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in Case._meta.concrete_fields
        if field.get_internal_type() == "DateTimeField"
    )


def _none(case: Case, relation: str) -> None:
    """Tells the ORM that `case.<relation>` has no rows, for the answer a request ends with:
    an empty queryset stands in for the prefetch (building the related manager's filtered
    one cost about 40 us a relation: the four of a new case, near a tenth of answering it)."""
    case.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = _empty(relation)


@functools.cache
def _empty(relation: str):
    """One evaluated empty queryset per relation, shared by every answer (cloning even
    none() costs about 15 us). Nothing mutates it: a related manager's add() or remove()
    drops the instance's cached entry, and filtering clones."""
    qs = getattr(Case, relation).rel.related_model._base_manager.none()
    qs._result_cache, qs._prefetch_done = [], True  # iterating none() still compiles its SQL
    return qs


def present_new(request, case: Case) -> CaseDetail:
    """The detail of a case this request has just created, without reading it back: nothing
    but the materials it came with can be attached to it yet."""
    materials = getattr(case, "new_materials", ())
    if materials:
        known(case, "materials", materials)
    else:
        _none(case, "materials")
    for relation in ("reviews", "suspensions", "notices"):
        _none(case, relation)
    Case.delivery.related.set_cached_value(case, None)
    return present(request, as_read(case), fetched=True)


def present_accepted(request, case: Case) -> CaseDetail:
    """The detail of a case services.case_accept has just accepted, without reading it back:
    its materials and notices came with the lock, its reviews were opened by the
    acceptance, and nothing before acceptance has special steps or a delivery."""
    _none(case, "suspensions")
    Case.delivery.related.set_cached_value(case, None)
    return present(request, as_read(case))
