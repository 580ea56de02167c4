"""The trust REST API, mounted at /api/v1/trust/ by onewindow/api.py: policies, the pledge,
commitments and their materials, the public dishonest list, credit repair, statistics."""

from datetime import date, datetime

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from onewindow.accounts.services import user_roles
from onewindow.cases.models import Applicant
from onewindow.lib.errors import Forbidden, NotFound
from onewindow.lib.pagination import Pages

from . import selectors, services
from .access import mask_id, pledge_case, public_name, signature_bytes
from .letter import plan, policy_for
from .models import TrustPolicy
from .rules import trust_bar

router = Router(tags=["告知承诺与信用"])


class ErrorOut(Schema):
    code: str
    message: str
    details: dict | list | str | None = None


ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}


class RuleOut(Schema):
    material_name: str
    trust_class: str


class PolicyOut(Schema):
    matter_code: str
    enabled: bool
    deadline_months: int
    conditions: str
    verification: str
    rules: list[RuleOut]


class PlanMaterial(Schema):
    name: str
    trust_class: str
    trust_label: str
    given: bool
    suggest: bool


class PlanOut(Schema):
    case_number: str
    matter: str
    due_date: date
    months: int
    materials: list[PlanMaterial]
    eligible: bool
    barred_message: str = ""
    barred_until: date | None = None


class PledgeIn(Schema):
    signer_name: str
    deferred: list[str]
    confirmed: bool
    signature: str = ""  # data:image/png;base64,... from a canvas, or empty


class ItemOut(Schema):
    id: int
    material_name: str
    trust_class: str
    due_date: date | None
    status: str
    submitted_at: datetime | None
    verified_at: datetime | None
    note: str


class CommitmentOut(Schema):
    id: int
    number: str
    case_number: str
    matter: str
    applicant: str
    status: str
    status_label: str
    signer_name: str
    signed_at: datetime
    due_date: date | None
    rectification_due_date: date | None
    fulfilled_at: datetime | None
    breached_at: datetime | None
    revoked_licenses: list[str]
    items: list[ItemOut]

    @staticmethod
    def resolve_case_number(obj):
        return obj.case.number

    @staticmethod
    def resolve_matter(obj):
        return obj.case.matter.name if obj.case.matter_id else ""

    @staticmethod
    def resolve_applicant(obj):
        return obj.applicant.name

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


class VerifyIn(Schema):
    approve: bool
    note: str = ""


class RepairIn(Schema):
    note: str


class DishonestOut(Schema):
    id: int
    name: str
    id_number: str
    reason: str
    recorded_at: datetime
    bar_until: date

    @staticmethod
    def resolve_name(obj):
        return public_name(obj.applicant)

    @staticmethod
    def resolve_id_number(obj):
        return mask_id(obj.applicant.id_number)


class CreditOut(Schema):
    id: int
    status: str
    reason: str
    recorded_at: datetime
    bar_until: date
    repaired_at: datetime | None
    repair_note: str


class EligibilityOut(Schema):
    eligible: bool
    message: str = ""
    until: date | None = None


class StatusCount(Schema):
    status: str
    label: str
    count: int


class StatsOut(Schema):
    approvals: int
    by_status: list[StatusCount]
    fulfilled: int
    breached: int
    fulfilment_rate: float | None
    dishonest_records: int
    dishonest_active: int
    repairs: int


def _visible(request, commitment_id: int):
    found = selectors.commitment_detail(commitment_id)
    if found is None or not selectors.can_see(request.auth, found):
        raise NotFound("未找到该告知承诺", code="commitment_not_found")
    return found


@router.get("/policies/{matter_code}", response={200: PolicyOut, **ERRORS}, auth=None,
            summary="事项的告知承诺规则（公开）")  # fmt: skip
def policy(request, matter_code: str):
    found = TrustPolicy.objects.prefetch_related("rules").filter(matter_code=matter_code).first()
    if found is None or not found.enabled:
        raise NotFound("该事项未实行告知承诺制", code="matter_not_trusted")
    return {**{f: getattr(found, f) for f in ("matter_code", "enabled", "deadline_months",
            "conditions", "verification")}, "rules": list(found.rules.all())}  # fmt: skip


@router.get("/eligibility", response={200: EligibilityOut, **ERRORS},
            summary="本人能否选择告知承诺（失信记录）")  # fmt: skip
def eligibility(request):
    applicant = Applicant.objects.filter(user=request.auth).first()
    barred = trust_bar(applicant) if applicant else None
    if barred is None:
        return {"eligible": True}
    return {"eligible": False, "message": barred.message, "until": barred.details["until"]}


@router.get("/cases/{number}/pledge", response={200: PlanOut, **ERRORS},
            summary="告知承诺方案：可承诺的材料、补交期限、能否选择")  # fmt: skip
def pledge_plan(request, number: str):
    case = pledge_case(request.auth, number)
    policy = policy_for(case)
    if policy is None:
        raise NotFound(services.ERR_NOT_TRUST_MATTER, code="matter_not_trusted")
    barred = trust_bar(case.applicant)
    return {
        "case_number": case.number, "matter": case.matter.name, **plan(case, policy),
        "eligible": barred is None, "barred_message": barred.message if barred else "",
        "barred_until": barred.details["until"] if barred else None,
    }  # fmt: skip


@router.post("/cases/{number}/pledge", response={201: CommitmentOut, **ERRORS},
             summary="签署告知承诺书并受理")  # fmt: skip
def pledge_sign(request, number: str, payload: PledgeIn):
    case = pledge_case(request.auth, number)
    c = services.commitment_sign(
        case_id=case.pk, actor=request.auth, signer_name=payload.signer_name,
        deferred=payload.deferred, confirmed=payload.confirmed,
        signature_png=signature_bytes(payload.signature),
    )  # fmt: skip
    return Status(201, selectors.commitment_detail(c.pk))


@router.get("/commitments", response=list[CommitmentOut], summary="告知承诺列表")
@paginate(Pages)
def commitments(request, status: str = ""):
    return selectors.commitments_for(request.auth, status=status)


@router.get("/commitments/{commitment_id}", response={200: CommitmentOut, **ERRORS},
            summary="告知承诺详情")  # fmt: skip
def commitment(request, commitment_id: int):
    return _visible(request, commitment_id)


def _item_of(request, commitment_id: int, item_id: int):
    c = _visible(request, commitment_id)
    if not any(i.pk == item_id for i in c.items.all()):
        raise NotFound("未找到该承诺材料", code="item_not_found")
    return c


@router.post("/commitments/{commitment_id}/items/{item_id}/upload",
             response={200: CommitmentOut, **ERRORS}, summary="补交承诺材料（申请人）")  # fmt: skip
def upload(request, commitment_id: int, item_id: int, file: File[UploadedFile]):
    _item_of(request, commitment_id, item_id)
    services.commitment_item_upload(item_id=item_id, actor=request.auth, file=file)
    return selectors.commitment_detail(commitment_id)


@router.post("/commitments/{commitment_id}/items/{item_id}/verify",
             response={200: CommitmentOut, **ERRORS}, summary="核验承诺材料（审批人员）")  # fmt: skip
def verify(request, commitment_id: int, item_id: int, payload: VerifyIn):
    _item_of(request, commitment_id, item_id)
    services.commitment_item_verify(item_id=item_id, actor=request.auth,
                                    approve=payload.approve, note=payload.note)  # fmt: skip
    return selectors.commitment_detail(commitment_id)


class RectifyIn(Schema):
    reason: str


@router.post("/commitments/{commitment_id}/rectification", response={200: CommitmentOut, **ERRORS},
             summary="责令限期整改（核查发现与承诺不符）")  # fmt: skip
def rectification(request, commitment_id: int, payload: RectifyIn):
    _visible(request, commitment_id)
    services.commitment_order_rectification(commitment_id=commitment_id, actor=request.auth,
                                            reason=payload.reason)  # fmt: skip
    return selectors.commitment_detail(commitment_id)


@router.get("/dishonest", response=list[DishonestOut], auth=None, summary="失信名单（公开）")
@paginate(Pages)
def dishonest(request):
    return selectors.dishonest_list()


@router.get("/credit-records", response=list[CreditOut], summary="失信记录（审核人员）")
@paginate(Pages)
def credit_records(request, status: str = ""):
    if not user_roles(request.auth) & services.REPAIR_ROLES:
        raise Forbidden(services.ERR_REPAIR_ROLE, code="not_authorised")
    return selectors.credit_records(status=status)


@router.post("/credit-records/{record_id}/repair", response={200: CreditOut, **ERRORS},
             summary="信用修复")  # fmt: skip
def repair(request, record_id: int, payload: RepairIn):
    return services.credit_repair(record_id=record_id, actor=request.auth, note=payload.note)


@router.get("/stats", response={200: StatsOut, **ERRORS}, summary="告知承诺统计")
def stats(request):
    if not user_roles(request.auth) & selectors.STAFF:
        raise Forbidden("只有工作人员可以查看统计", code="forbidden")
    return selectors.trust_stats()
