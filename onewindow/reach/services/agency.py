"""帮代办: taking a request, assigning it to a runner, the authorisation, the runner's
application on the applicant's behalf, free mailing of the result, and finishing."""

from datetime import date

from django.db import transaction
from django.db.models import Case as When_
from django.db.models import F, IntegerField, Value, When
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.cases import services as case_services
from onewindow.cases.choices import CaseChannel, CaseStatus, DeliveryMethod
from onewindow.cases.models import Applicant, Case
from onewindow.cases.services.conclusion import ERR_TRACKING
from onewindow.catalog import cache as catalog_cache
from onewindow.catalog.models import Region
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from onewindow.ratings.choices import RatingChannel, RatingSource
from onewindow.ratings.services.rating import rating_submit

from ..choices import AGENCY_FINISHED, AGENCY_OPEN, AgencyMode, AgencySource, AgencyStatus
from ..models import AgencyRequest, Authorisation, Runner

ERR_MATTER = "未找到可申请的事项"
ERR_NOT_RUNNER = "只有承办该请求的帮代办员可以办理"
ERR_NO_AUTHORISATION = "尚未记录申请人的授权委托，不能代为申请"
ERR_AUTHORISATION_EXPIRED = "授权委托不在有效期内，请重新办理委托"
ERR_AUTHORISATION_MATTER = "授权委托的事项与本次申请的事项不一致"
ERR_GUIDANCE_ONLY = "远程指导的请求由申请人本人提交申请，帮代办员不代为申请"
ERR_NOT_DECIDED = "办件尚未办结，暂不能寄送结果"
ERR_PHONE = "请填写联系电话"
ERR_PERIOD = "委托截止日不能早于起始日"

# Up to how many working days ahead an authorisation may run is local practice; a year.
MAX_AUTHORISATION_DAYS = 366


def _matter(matter_code: str):
    matter = catalog_cache.published_matter((matter_code or "").strip())
    if matter is None:
        raise NotFound(f"{ERR_MATTER}「{matter_code}」", code="matter_not_found")
    return matter


def agency_request_create(
    *, applicant: Applicant, matter_code: str, mode: str, source: str, region: Region,
    phone: str, address: str = "", note: str = "", actor,
) -> AgencyRequest:  # fmt: skip
    """Records a request and assigns it to a runner at once when one is free."""
    if mode not in AgencyMode.values:
        raise InvalidInput("服务方式无效", code="agency_mode_invalid")
    if source not in AgencySource.values:
        raise InvalidInput("来源无效", code="agency_source_invalid")
    if not (phone or "").strip():
        raise InvalidInput(ERR_PHONE, code="phone_required")
    matter = _matter(matter_code)
    now = timezone.now()
    with transaction.atomic():
        request = AgencyRequest.objects.create(
            applicant=applicant, matter_code=matter.code, matter_name=matter.name, mode=mode,
            source=source, region=region, phone=phone.strip(), address=address.strip(),
            note=note.strip(), created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=now, mail_address=address.strip(),
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="agency.requested",
            obj=request,
            summary=f"{AgencySource(source).label}：{AgencyMode(mode).label} {matter.name}",
        )
        _assign(request, actor=actor, now=now)
    return request


def region_chain(region: Region) -> list[int]:
    """The region and its ancestors, nearest first (village → town → district)."""
    chain, seen = [], set()
    while region is not None and region.pk not in seen:
        chain.append(region.pk)
        seen.add(region.pk)
        region = catalog_cache.by_pk(Region, region.parent_id) if region.parent_id else None
    return chain


def _assign(request: AgencyRequest, *, actor, now) -> Runner | None:
    """The nearest runner (own village, then town, then district) with room, the least
    loaded of them; locked and their load raised in this transaction, so two requests
    assigned at once never both take a runner's last place."""
    chain = region_chain(request.region)
    nearness = When_(
        *[When(region_id=pk, then=Value(i)) for i, pk in enumerate(chain)],
        output_field=IntegerField(),
    )
    runner = (
        Runner.objects.select_for_update()
        .filter(region_id__in=chain, is_active=True, open_load__lt=F("capacity"))
        .annotate(nearness=nearness)
        .order_by("nearness", "open_load", "id")
        .first()
    )
    if runner is None:
        return None
    # Conditional: a concurrent assignment that got here first leaves no room.
    taken = Runner.objects.filter(pk=runner.pk, open_load__lt=F("capacity")).update(
        open_load=F("open_load") + 1
    )
    if not taken:
        return None
    request.runner, request.status, request.assigned_at = runner, AgencyStatus.ASSIGNED, now
    request.save(update_fields=["runner", "status", "assigned_at"])
    audit_record(
        actor=actor,
        action="agency.assigned",
        obj=request,
        summary=f"分派给帮代办员 {runner.full_name}（{runner.region.name}）",
        changes={"runner": [None, runner.pk]},
    )
    return runner


def agency_request_assign_waiting(*, actor) -> int:
    """Assigns waiting requests, oldest first, while runners have room; returns how many."""
    assigned = 0
    for pk in AgencyRequest.objects.filter(status=AgencyStatus.WAITING).order_by("created_at", "id").values_list("pk", flat=True):  # fmt: skip
        with transaction.atomic():
            request = _lock(pk)
            if request.status == AgencyStatus.WAITING and _assign(
                request, actor=actor, now=timezone.now()
            ):
                assigned += 1
    return assigned


def _lock(pk: int) -> AgencyRequest:
    found = (
        AgencyRequest.objects.select_for_update(of=("self",))
        .select_related("runner", "applicant", "region")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("未找到该帮代办请求", code="agency_request_not_found")
    return found


def _runner_of(request: AgencyRequest, actor) -> Runner:
    if request.runner is None or request.runner.user_id != getattr(actor, "pk", None):
        raise Forbidden(ERR_NOT_RUNNER, code="not_assigned_runner")
    return request.runner


def _release(request: AgencyRequest) -> None:
    """The runner has a place again; requests waiting for one are assigned once this commits
    (and every ten minutes by reach.tasks, for runners added or back at work)."""
    if request.runner_id:
        Runner.objects.filter(pk=request.runner_id, open_load__gt=0).update(
            open_load=F("open_load") - 1
        )
        transaction.on_commit(lambda: agency_request_assign_waiting(actor=None))


def authorisation_record(
    *, request_id: int, scope: str, valid_from: date, valid_until: date, actor
) -> Authorisation:
    """授权委托: the applicant entrusts the assigned runner with this matter until a date."""
    if not (scope or "").strip():
        raise InvalidInput("请填写委托事项", code="authorisation_scope_required")
    if valid_until < valid_from:
        raise InvalidInput(ERR_PERIOD, code="authorisation_period_invalid")
    if (valid_until - valid_from).days > MAX_AUTHORISATION_DAYS:
        raise InvalidInput("委托期限不能超过一年", code="authorisation_too_long")
    with transaction.atomic():
        request = _lock(request_id)
        runner = _runner_of(request, actor)
        if request.mode == AgencyMode.REMOTE_GUIDANCE:
            raise Conflict(ERR_GUIDANCE_ONLY, code="guidance_needs_no_authorisation")
        if request.status not in (AgencyStatus.ASSIGNED, AgencyStatus.AUTHORISED):
            raise Conflict("该请求当前不能记录授权委托", code="agency_state_invalid")
        Authorisation.objects.filter(request=request).delete()  # a renewed one replaces it
        authorisation = Authorisation.objects.create(
            request=request, runner=runner, grantor_name=request.applicant.name,
            grantor_id_number=request.applicant.id_number, scope=scope.strip(),
            matter_code=request.matter_code, valid_from=valid_from, valid_until=valid_until,
            signed_at=timezone.now(), recorded_by=actor,
        )  # fmt: skip
        request.status = AgencyStatus.AUTHORISED
        request.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="agency.authorised",
            obj=request,
            summary=f"{request.applicant.name} 委托 {runner.full_name}：{scope.strip()}，至 {valid_until:%Y-%m-%d}",
        )
    return authorisation


def agency_apply(
    *, request_id: int, form_data: dict, materials: list[dict] | None = None,
    mail_address: str = "", actor,
) -> Case:  # fmt: skip
    """The runner submits the case for the applicant (channel AGENT) under a valid
    authorisation; the result will be mailed to `mail_address` free of charge."""
    with transaction.atomic():
        request = _lock(request_id)
        _runner_of(request, actor)
        if request.mode == AgencyMode.REMOTE_GUIDANCE:
            raise Conflict(ERR_GUIDANCE_ONLY, code="guidance_only")
        if request.status != AgencyStatus.AUTHORISED:
            raise Conflict(ERR_NO_AUTHORISATION, code="authorisation_required")
        authorisation = request.authorisation
        if authorisation.matter_code != request.matter_code:
            raise Conflict(ERR_AUTHORISATION_MATTER, code="authorisation_matter_mismatch")
        if not authorisation.covers(request.matter_code, timezone.localdate()):
            raise Conflict(ERR_AUTHORISATION_EXPIRED, code="authorisation_expired")
        case, _ = case_services.case_submit(
            actor=actor, applicant=request.applicant, channel=CaseChannel.AGENT,
            matter_code=request.matter_code, form_data=form_data, materials=materials,
        )  # fmt: skip
        request.case = case
        request.status = AgencyStatus.APPLIED
        request.mail_address = (mail_address or request.mail_address or request.address).strip()
        request.save(update_fields=["case", "status", "mail_address"])
        audit_record(
            actor=actor,
            action="agency.applied",
            obj=request,
            summary=f"凭授权委托代为申请，办件 {case.number}",
        )
    return case


def agency_mail_result(
    *, request_id: int, tracking_number: str, address: str = "", actor
) -> AgencyRequest:
    """Mails the decided case's result to the applicant, free (免费寄递), with its tracking
    number; the case is delivered through the cases service."""
    if not (tracking_number or "").strip():
        raise InvalidInput(ERR_TRACKING, code="tracking_number_required")
    with transaction.atomic():
        request = _lock(request_id)
        _runner_of(request, actor)
        if request.status != AgencyStatus.APPLIED:
            raise Conflict("该请求当前没有待寄送的结果", code="agency_state_invalid")
        case = Case.objects.only("status").get(pk=request.case_id)
        if case.status not in (CaseStatus.APPROVED, CaseStatus.DENIED):
            raise Conflict(ERR_NOT_DECIDED, code="case_not_decided")
        address = (address or request.mail_address or request.address).strip()
        if not address:
            raise InvalidInput("请填写寄送地址", code="mail_address_required")
        # case_deliver's case_moved signal finishes this request (see reach.receivers).
        case_services.case_deliver(
            case_id=request.case_id, actor=actor, method=DeliveryMethod.MAIL,
            address=address, tracking_number=tracking_number,
        )  # fmt: skip
        request.refresh_from_db()
    return request


def agency_case_delivered(case: Case, *, actor) -> None:
    """The case of an agency request was delivered (by mail from the runner, or at a
    window): the request is finished and the runner's place freed."""
    request = AgencyRequest.objects.select_for_update().filter(case=case).first()
    if request is None or request.status != AgencyStatus.APPLIED:
        return
    request.status, request.finished_at = AgencyStatus.DELIVERED, timezone.now()
    request.save(update_fields=["status", "finished_at"])
    _release(request)
    audit_record(actor=actor, action="agency.delivered", obj=request, summary="结果已送达")


def agency_guidance_done(*, request_id: int, note: str, actor) -> AgencyRequest:
    """A remote-guidance or on-site request ends without an application by the runner."""
    if not (note or "").strip():
        raise InvalidInput("请填写指导情况", code="outcome_note_required")
    with transaction.atomic():
        request = _lock(request_id)
        _runner_of(request, actor)
        if request.status not in (AgencyStatus.ASSIGNED, AgencyStatus.AUTHORISED):
            raise Conflict("该请求当前不能结束", code="agency_state_invalid")
        if request.mode == AgencyMode.FULL_AGENCY:
            raise Conflict("全程代办须代为申请并寄送结果", code="full_agency_needs_case")
        request.status, request.finished_at = AgencyStatus.GUIDED, timezone.now()
        request.outcome_note = note.strip()
        request.save(update_fields=["status", "finished_at", "outcome_note"])
        _release(request)
        audit_record(actor=actor, action="agency.guided", obj=request, summary=note.strip()[:200])
    return request


def agency_request_cancel(*, request_id: int, reason: str, actor) -> AgencyRequest:
    with transaction.atomic():
        request = _lock(request_id)
        if request.status not in (AgencyStatus.WAITING, *AGENCY_OPEN) or request.case_id:
            raise Conflict("已代为申请的请求不能取消", code="agency_state_invalid")
        was_taken = request.status != AgencyStatus.WAITING
        request.status, request.finished_at = AgencyStatus.CANCELLED, timezone.now()
        request.outcome_note = (reason or "").strip()
        request.save(update_fields=["status", "finished_at", "outcome_note"])
        if was_taken:
            _release(request)
        audit_record(actor=actor, action="agency.cancelled", obj=request, summary=reason[:200])
    return request


def agency_rate(
    *, request_id: int, level: str, scores: dict | None = None, comment: str = "", actor
):
    """The applicant rates the runner of a finished request (one rating per request), through
    the ratings app: a bad rating opens a rectification there like any other."""
    with transaction.atomic():
        request = _lock(request_id)
        if request.applicant.user_id is None or request.applicant.user_id != getattr(
            actor, "pk", None
        ):
            raise Forbidden("只有申请人本人可以评价帮代办员", code="rating_not_applicant")
        if request.status not in AGENCY_FINISHED:
            raise Conflict("帮代办完成后才能评价", code="agency_not_finished")
        matter = catalog_cache.published_matter(request.matter_code)
        return rating_submit(
            level=level, source=RatingSource.WEB, actor=actor, subject=request,
            channel=RatingChannel.ON_SITE, scores=scores, comment=comment,
            applicant=request.applicant, staff=request.runner.user, matter=matter,
        )  # fmt: skip
