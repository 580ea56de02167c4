"""Pre-review and the acceptance decision: accept, one-time supplement notice, or refuse.

行政许可法 Art. 32: every missing or invalid item is named at once; acceptance and
refusal are given in writing. When a supplement was needed the case is accepted as
of the day the materials were complete, and the clock starts then.
"""

from django.db import transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.catalog import cache as catalog_cache
from onewindow.lib.errors import Conflict, InvalidInput

from .. import clock
from ..choices import ACCEPTABLE_CHECKS, CaseStatus, MaterialCheck, NoticeKind, ReviewStatus
from ..models import Case, CaseMaterial, Review
from . import fastpath
from .common import (
    issued,
    known,
    load,
    loaded,
    lock,
    move,
    moved,
    new_notice,
    notice_issue,
    transition,
)

ERR_NO_ITEMS = "一次性告知书须列明全部需要补正的材料"
ERR_NOT_COMPLETE = "申请人尚未补正全部材料，不能受理"
ERR_OPEN_PROBLEMS = "尚有缺少或不符合要求的材料，应一次性告知补正，不能直接受理"
ERR_NO_REASON = "请写明不予受理的理由"
ERR_PLEDGE_ONLY = "“承诺后补”只能由申请人签署告知承诺书产生，预审时不能直接选择"

REFUSAL_RIGHTS = "申请人如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。"


def case_pre_review(*, case_id: int, actor, checks: list[dict] | None = None) -> Case:
    """Records the check of each material (`{"id" or "name", "result", "note"}`) and marks the
    case pre-reviewed. Materials not yet on the case are added with their result."""
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        for item in checks or []:
            result = item.get("result", MaterialCheck.PROVIDED)
            if result not in MaterialCheck.values:
                raise InvalidInput("材料核验结果无效", code="check_invalid", details=item)
            if result == MaterialCheck.PLEDGED:
                raise InvalidInput(ERR_PLEDGE_ONLY, code="check_pledged_needs_commitment")
            found = None
            if item.get("id"):
                found = case.materials.filter(pk=item["id"]).first()
            elif item.get("name"):
                found = case.materials.filter(name=item["name"]).first()
            if found is None:
                if not item.get("name"):
                    raise InvalidInput(
                        "未找到要核验的材料", code="material_not_found", details=item
                    )
                found = CaseMaterial(
                    case=case, name=item["name"], material_id=item.get("material_id")
                )
            found.check_result, found.check_note, found.checked_at = (
                result,
                item.get("note", ""),
                now,
            )
            found.save()
        problems = case.materials.exclude(check_result=MaterialCheck.PROVIDED).count()
        summary = "预审通过" if not problems else f"预审发现 {problems} 项材料问题"
        return move(case, CaseStatus.PRE_REVIEWED, actor=actor, summary=summary)


def _reviews(case: Case, now) -> list[Review]:
    """Step 1: every department reviews at once; step 2: the lead department decides."""
    lead = case.lead_department
    if case.bundle_id:
        departments = {lead.pk: lead}
        for matter in case.bundle_matters.select_related("department"):
            departments.setdefault(matter.department_id, matter.department)
    else:
        departments = {lead.pk: lead}
        for department in catalog_cache.co_departments(case.matter_id):
            departments.setdefault(department.pk, department)
    rows = [
        Review(case=case, department=d, step=1, step_name="审查", is_lead=(d.pk == lead.pk),
               status=ReviewStatus.OPEN, opened_at=now, reviewer=None)
        for d in departments.values()
    ]  # fmt: skip
    rows.append(
        Review(case=case, department=lead, step=2, step_name="决定", is_lead=True,
               is_decision=True, status=ReviewStatus.WAITING, reviewer=None)
    )  # fmt: skip
    return rows


def _has_open_problems(case: Case) -> bool:
    materials = loaded(case, "materials")
    if materials is None:
        return case.materials.exclude(check_result__in=ACCEPTABLE_CHECKS).exists()
    return any(m.check_result not in ACCEPTABLE_CHECKS for m in materials)


def accept_locked(case: Case, *, actor, now=None) -> Case:
    """Accepts a locked case: starts the clock, opens the reviews, issues the acceptance slip."""
    now = now or timezone.now()
    if case.status == CaseStatus.SUPPLEMENT_REQUESTED and case.materials_completed_at is None:
        raise Conflict(ERR_NOT_COMPLETE, code="supplement_not_complete")
    if case.status == CaseStatus.PRE_REVIEWED and _has_open_problems(case):
        raise Conflict(ERR_OPEN_PROBLEMS, code="materials_have_problems")
    accepted_at = case.materials_completed_at or now
    c = clock.compute(accepted_at, case.promised_limit_days)
    case.accepted_at, case.due_at, case.warn_at = accepted_at, c.due_at, c.warn_at
    summary = f"受理，承诺{case.promised_limit_days}个工作日内办结（{c.due_date:%Y年%m月%d日}前）"
    before = case.status
    event = transition(case, CaseStatus.ACCEPTED, actor=actor, summary=summary)
    reviews = _reviews(case, now)
    notice = new_notice(case, NoticeKind.ACCEPTANCE, at=now)
    fields = ["status", "version", "accepted_at", "due_at", "warn_at"]
    if fastpath.writes():
        fastpath.write(update=(case, fields), rows=[event, *reviews, notice])
    else:
        case.save(update_fields=fields)
        event.save(force_insert=True)
        Review.objects.bulk_create(reviews)
        notice.save(force_insert=True)
    # Nothing before acceptance has reviews: these are all of them (in Review's order).
    known(case, "reviews", sorted(reviews, key=lambda r: (r.step, not r.is_lead, r.pk)))
    issued(case, notice)
    moved(case, before, actor)
    return case


def case_accept(
    *, actor, case_id: int | None = None, number: str | None = None, check=None
) -> Case:
    """Accepts the case with this id or number. `check(case)` is the caller's permission
    check, run on the locked case before anything changes (it raises to refuse); the
    materials and notices come loaded with the lock, for the check and for the answer."""
    with transaction.atomic():
        case = lock(case_id, number=number)
        load(case, "materials", "notices")
        if check is not None:
            check(case)
        return accept_locked(case, actor=actor)


def case_request_supplement(*, case_id: int, actor, items: list[dict]) -> Case:
    """The one-time notice (一次性告知书): `items` are {"name", "problem"}, all of them at once."""
    items = [
        {
            "name": str(i.get("name", "")).strip(),
            "problem": str(i.get("problem", "")).strip() or "缺少",
        }
        for i in items or []
    ]
    if not items or any(not i["name"] for i in items):
        raise InvalidInput(ERR_NO_ITEMS, code="supplement_items_required")
    with transaction.atomic():
        case = lock(case_id)
        move(case, CaseStatus.SUPPLEMENT_REQUESTED, actor=actor, summary=f"一次性告知补正 {len(items)} 项材料",
             changes={"items": [i["name"] for i in items]})  # fmt: skip
        notice_issue(case, NoticeKind.SUPPLEMENT, items=items)
    return case


def case_complete_supplement(*, case_id: int, actor, materials: list[dict]) -> Case:
    """The applicant (online) or a clerk (at a window) hands in what the notice asked for.
    The day this completes the list is the acceptance date."""
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        if case.status != CaseStatus.SUPPLEMENT_REQUESTED:
            raise Conflict("办件不在待补正状态", code="case_not_awaiting_supplement")
        notice = (
            case.notices.filter(kind=NoticeKind.SUPPLEMENT).order_by("-issued_at", "-id").first()
        )
        asked = {i["name"] for i in notice.items} if notice else set()
        given = {m.get("name") for m in materials or []}
        missing = sorted(asked - given)
        if missing:
            raise InvalidInput(
                f"还缺少：{'、'.join(missing)}",
                code="supplement_incomplete",
                details={"missing": missing},
            )
        for m in materials:
            found = case.materials.filter(name=m["name"]).first() or CaseMaterial(
                case=case, name=m["name"]
            )
            found.check_result, found.check_note, found.checked_at = (
                MaterialCheck.PROVIDED,
                "补正",
                now,
            )
            if m.get("file"):
                found.file = m["file"]
            found.save()
        case.materials_completed_at = now
        case.save(update_fields=["materials_completed_at"])
        audit_record(
            actor=actor,
            action="case.supplement_completed",
            obj=case,
            summary=f"补正材料 {len(given)} 项",
        )
    return case


def case_refuse(*, case_id: int, actor, reason: str) -> Case:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(ERR_NO_REASON, code="refusal_reason_required")
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        case.decision_reason, case.concluded_at = reason, now
        move(
            case,
            CaseStatus.REFUSED,
            actor=actor,
            summary=f"不予受理：{reason}",
            fields=["decision_reason", "concluded_at"],
        )
        notice_issue(case, NoticeKind.REFUSAL, reason=reason, at=now)
    return case
