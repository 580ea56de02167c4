"""Taking applications: registering the applicant, submitting a case, and 即办件 done at
the window in one step.

Who may submit where: an applicant submits online or by mobile, for themselves only; a
window clerk submits at the window or outlet of their own service point. Other channels
(帮代办, 跨域通办) are taken by their own modules."""

from contextlib import nullcontext

from django.db import connection, transaction
from ninja import Header, Status

from onewindow.accounts.roles import STAFF_ROLES, Role
from onewindow.accounts.services import user_roles
from onewindow.catalog import cache as catalog_cache
from onewindow.catalog.models import ServicePoint, Window
from onewindow.lib.errors import DomainError, InvalidInput, NotFound

from .. import idempotency, services
from ..choices import CaseChannel
from ..models import Applicant
from ..services.intake import ApplicantRef
from .base import ERRORS, detail_of, present_new, require, router
from .schemas import ApplicantIn, ApplicantOut, CaseDetail, ImmediateIn, IntakeIn, SubmitIn

ERR_NOT_SELF = "申请人只能登记和申请本人（本单位）的事项"
ERR_NO_ROLE = "您的账号不能登记申请人"
ERR_ONLINE_ONLY_APPLICANTS = "网上、掌上申请须由申请人本人提交"
ERR_WINDOW_ONLY_CLERKS = "窗口、代办网点的申请须由该场所的窗口工作人员受理"
ERR_OTHER_POINT = "只能在本人所在的服务场所受理申请"
ERR_CHANNEL_ELSEWHERE = "该渠道的申请不通过本接口提交"
ERR_APPLICANT_BOTH = "applicant_id 与 applicant 只能填写其一"
ERR_APPLICANT_REQUIRED = "请提供申请人（applicant_id 或 applicant）"
ERR_NO_IDENTITY = "您的账号还没有实名信息，请在 applicant 中填写本人信息"
ERR_NO_POINT = "请指定受理场所（service_point_code）"
ERR_ONLINE_NO_POINT = "网上、掌上申请不填写受理场所和窗口"

ONLINE = (CaseChannel.ONLINE, CaseChannel.MOBILE)
AT_A_DESK = (CaseChannel.WINDOW, CaseChannel.OUTLET)


def _register(user, data: ApplicantIn, *, as_self: bool) -> tuple[Applicant, bool]:
    """Registers or finds the applicant; `as_self` links it to the caller's account, and
    only when it is the caller's own identity (and no one else's account holds it)."""
    id_number = data.id_number.strip().upper()
    existing = Applicant.objects.filter(id_number=id_number).first()
    link = None
    if as_self:
        account = getattr(user, "applicant_account", None)
        mine = Applicant.objects.filter(user=user).first()
        require(account is None or account.id_number.upper() == id_number, ERR_NOT_SELF)
        require(mine is None or mine.id_number == id_number, ERR_NOT_SELF)
        require(existing is None or existing.user_id in (None, user.pk), ERR_NOT_SELF)
        link = user
    applicant = services.applicant_register(
        kind=data.kind, name=data.name, id_number=id_number, phone=data.phone,
        address=data.address, legal_representative=data.legal_representative,
        user=link, actor=user,
    )  # fmt: skip
    return applicant, existing is None


def _own_applicant(user) -> Applicant:
    """The caller's own applicant record, registered from their account the first time."""
    found = Applicant.objects.filter(user=user).first()
    if found is not None:
        return found
    account = getattr(user, "applicant_account", None)
    if account is None:
        raise InvalidInput(ERR_NO_IDENTITY, code="applicant_required")
    return services.applicant_register(
        kind=account.kind, name=account.name, id_number=account.id_number,
        phone=account.phone, user=user, actor=user,
    )  # fmt: skip


def _applicant(user, payload: IntakeIn, *, as_self: bool, lazy: bool = False):
    """The applicant the request names. `lazy`: one named by id comes back as a reference
    that the submission reads in its own statement (services.ApplicantRef)."""
    if payload.applicant_id is not None and payload.applicant is not None:
        raise InvalidInput(ERR_APPLICANT_BOTH, code="applicant_ambiguous")
    if payload.applicant is not None:
        return _register(user, payload.applicant, as_self=as_self)[0]
    if payload.applicant_id is not None and lazy:
        if payload.applicant_id not in ID_RANGE:
            raise NotFound("未找到该申请人", code="applicant_not_found")
        return ApplicantRef(payload.applicant_id, user_id=user.pk if as_self else None)
    if payload.applicant_id is not None:
        found = applicant_by_id(payload.applicant_id)
        if found is None or (as_self and found.user_id != user.pk):
            # An applicant probing other people's records learns nothing from a 403.
            raise NotFound("未找到该申请人", code="applicant_not_found")
        return found
    if as_self:
        return _own_applicant(user)
    raise InvalidInput(ERR_APPLICANT_REQUIRED, code="applicant_required")


ID_RANGE = range(-(2**63), 2**63)  # what the id column holds; anything else is no applicant


def applicant_by_id(pk: int) -> Applicant | None:
    """Applicant.objects.filter(pk=pk).first() without composing the query: the ORM spent
    0.37 ms of CPU building it (a raw query 0.08 ms), more than the round trip costs here,
    and a clerk naming a registered applicant is the common way to submit."""
    if pk not in ID_RANGE:
        return None
    qn = connection.ops.quote_name
    table, column = qn(Applicant._meta.db_table), qn(Applicant._meta.pk.column)
    return next(
        iter(Applicant.objects.raw(f"SELECT * FROM {table} WHERE {column} = %s", [pk])), None
    )


def _desk(user, payload: IntakeIn) -> tuple[ServicePoint, Window | None]:
    """The service point and window a clerk takes the application at: their own."""
    roles = user_roles(user)
    require(bool(roles & {Role.CLERK, Role.ADMIN}), ERR_WINDOW_ONLY_CLERKS)
    profile = getattr(user, "staff_profile", None)
    own_point_id = profile.service_point_id if profile else None
    if payload.service_point_code:
        point = catalog_cache.service_point(code=payload.service_point_code)
        if point is None:
            raise NotFound(
                f"未找到服务场所「{payload.service_point_code}」", code="service_point_not_found"
            )
    elif own_point_id:
        point = catalog_cache.service_point(pk=own_point_id)
    else:
        raise InvalidInput(ERR_NO_POINT, code="service_point_required")
    require(Role.ADMIN in roles or point.pk == own_point_id, ERR_OTHER_POINT)
    if payload.window_number:
        window = catalog_cache.window(point_id=point.pk, number=payload.window_number)
        if window is None:
            raise NotFound(f"未找到{payload.window_number}号窗口", code="window_not_found")
    else:
        own = catalog_cache.window(pk=profile.window_id) if profile and profile.window_id else None
        window = own if own is not None and own.service_point_id == point.pk else None
    return point, window


def _replay(user, key, payload, *, channel, bundle_code=None):
    """The case an earlier attempt with this key created, after checking it is the same
    request."""
    earlier = idempotency.earlier_case(user, key)
    if earlier is not None:
        idempotency.check_same_request(
            earlier, matter_code=payload.matter_code, bundle_code=bundle_code, channel=channel,
            applicant_id=payload.applicant_id,
            id_number=payload.applicant.id_number if payload.applicant else None,
        )  # fmt: skip
    return earlier


@router.post(
    "/applicants",
    response={200: ApplicantOut, 201: ApplicantOut, **ERRORS},
    summary="登记或查找申请人",
    description="按证件号码查找申请人，没有则登记（200 已有，201 新登记）。"
    "窗口等工作人员为他人登记；申请人只能登记本人，并与本人账号关联。",
)
def register_applicant(request, payload: ApplicantIn):
    user = request.auth
    roles = user_roles(user)
    staff = bool(roles & STAFF_ROLES)
    require(staff or Role.APPLICANT in roles, ERR_NO_ROLE)
    with transaction.atomic():
        applicant, created = _register(user, payload, as_self=not staff)
    return Status(201 if created else 200, applicant)


IDEMPOTENCY_HELP = "同一账号以同一个键重试时，返回第一次提交生成的办件（200），不会生成第二个办件"


@router.post(
    "",
    response={200: CaseDetail, 201: CaseDetail, **ERRORS},
    summary="提交申请",
    description="申请人网上（ONLINE）、掌上（MOBILE）为本人申请；窗口工作人员在本人所在场所"
    "以窗口（WINDOW）或代办网点（OUTLET）渠道受理。201 新办件；200 为同一 Idempotency-Key 的重试。",
)
def submit(
    request,
    payload: SubmitIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description=IDEMPOTENCY_HELP
    ),
):
    user, channel = request.auth, payload.channel
    key = idempotency.clean_key(idempotency_key)
    try:
        case, created = _submit(user, payload, key)
    except DomainError:
        # A retry of a request that succeeded answers with its case even when the request
        # would be refused now (what a look-up before anything else used to give).
        earlier = _replay(user, key, payload, channel=channel, bundle_code=payload.bundle_code)
        if earlier is None:
            raise
        return Status(200, detail_of(request, earlier.number))
    if not created:  # a retry: the same request, or a 422
        _replay(user, key, payload, channel=channel, bundle_code=payload.bundle_code)
        return Status(200, detail_of(request, case.number))
    return Status(201, present_new(request, case))


def _submit(user, payload: SubmitIn, key: str | None):
    channel = payload.channel
    point = window = None
    if channel in ONLINE:
        require(Role.APPLICANT in user_roles(user), ERR_ONLINE_ONLY_APPLICANTS)
        if payload.service_point_code or payload.window_number:
            raise InvalidInput(ERR_ONLINE_NO_POINT, code="service_point_not_allowed")
    elif channel in AT_A_DESK:
        point, window = _desk(user, payload)
    else:
        require(False, ERR_CHANNEL_ELSEWHERE)
    # An applicant registered for a refused submission is undone with it. Naming a
    # registered applicant by id writes nothing before the case, and the service's own
    # transaction is enough (no savepoint round trips).
    registers = payload.applicant is not None or payload.applicant_id is None
    with transaction.atomic() if registers else nullcontext():
        applicant = _applicant(user, payload, as_self=channel in ONLINE, lazy=True)
        return services.case_submit(
            actor=user, applicant=applicant, channel=channel, matter_code=payload.matter_code,
            bundle_code=payload.bundle_code, service_point=point, window=window,
            form_data=payload.form_data, materials=[m.model_dump() for m in payload.materials],
            idempotency_key=key,
        )  # fmt: skip


@router.post(
    "/immediate",
    response={200: CaseDetail, 201: CaseDetail, **ERRORS},
    summary="即办件当场办结",
    description="窗口工作人员受理即办件：提交、受理、审查、办结、出件一步完成。",
)
def handle_immediately(
    request,
    payload: ImmediateIn,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description=IDEMPOTENCY_HELP
    ),
):
    user = request.auth
    key = idempotency.clean_key(idempotency_key)
    earlier = _replay(user, key, payload, channel=CaseChannel.WINDOW)
    if earlier is not None:
        return Status(200, detail_of(request, earlier.number))
    point, window = _desk(user, payload)
    with transaction.atomic():
        applicant = _applicant(user, payload, as_self=False)
        case = services.case_handle_immediately(
            actor=user, applicant=applicant, matter_code=payload.matter_code, service_point=point,
            window=window, form_data=payload.form_data,
            materials=[m.model_dump() for m in payload.materials], idempotency_key=key,
        )  # fmt: skip
    return Status(201, detail_of(request, case.number))
