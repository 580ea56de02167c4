"""Outlets entrusted with matters, and 跨镇通办 (any service point takes a marked matter and
routes the case to the competent office)."""

from django.db import transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.cases import services as case_services
from onewindow.cases.choices import CaseChannel
from onewindow.cases.models import Applicant, Case
from onewindow.catalog import cache as catalog_cache
from onewindow.catalog.choices import ServicePointKind
from onewindow.catalog.models import Matter, Region, ServicePoint
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from ..models import CrossTownMatter, CrossTownRouting, OutletMatter
from .agency import region_chain

OUTLET_KINDS = (ServicePointKind.POST_OUTLET, ServicePointKind.MOBILE_OUTLET)
ERR_NOT_OUTLET = "只有邮政、通信运营商代办网点可以设置委托事项"
ERR_NOT_ENTRUSTED = "该事项未委托本网点代办，请引导申请人到政务服务中心或其他网点办理"
ERR_NOT_OUTLET_STAFF = "只有本网点的工作人员可以在网点受理申请"
ERR_NOT_CROSS_TOWN = "该事项未开通跨镇通办"
ERR_NO_COMPETENT = "属地没有可受理该事项的服务场所"
ERR_NO_OUTLET_CHANNEL = "该事项未开通网点代办渠道，请先在事项目录中开通"


def _published(matter_code: str) -> Matter:
    matter = catalog_cache.published_matter((matter_code or "").strip())
    if matter is None:
        raise NotFound(f"未找到可申请的事项「{matter_code}」", code="matter_not_found")
    return matter


def outlet_matter_add(
    *, service_point: ServicePoint, matter_code: str, outlet_delivers: bool = True,
    note: str = "", actor,
) -> OutletMatter:  # fmt: skip
    """Entrusts the outlet with a matter; the catalog's list of what the point may accept
    (which case intake checks) gains it in the same transaction."""
    if service_point.kind not in OUTLET_KINDS:
        raise InvalidInput(ERR_NOT_OUTLET, code="not_an_outlet")
    matter = _published(matter_code)
    if "OUTLET" not in matter.channels:
        raise Conflict(ERR_NO_OUTLET_CHANNEL, code="channel_not_offered")
    with transaction.atomic():
        entry, created = OutletMatter.objects.update_or_create(
            service_point=service_point, matter_code=matter.code,
            defaults={"matter_name": matter.name, "outlet_delivers": outlet_delivers, "note": note},
        )  # fmt: skip
        service_point.matters.add(matter)
        audit_record(
            actor=actor,
            action="outlet.entrusted",
            obj=entry,
            summary=f"{service_point.name} {'受托' if created else '更新委托'}：{matter.name}",
        )
    return entry


def outlet_matter_remove(*, entry: OutletMatter, actor) -> None:
    with transaction.atomic():
        point = entry.service_point
        point.matters.remove(*point.matters.filter(code=entry.matter_code))
        audit_record(
            actor=actor,
            action="outlet.revoked",
            obj=entry,
            summary=f"{point.name} 不再代办：{entry.matter_name}",
        )
        entry.delete()


def outlet_of(actor) -> ServicePoint:
    """The outlet the actor works at (403 for anyone else)."""
    profile = getattr(actor, "staff_profile", None)
    point = (
        catalog_cache.by_pk(ServicePoint, profile.service_point_id)
        if profile is not None and profile.service_point_id
        else None
    )
    if point is None or point.kind not in OUTLET_KINDS:
        raise Forbidden(ERR_NOT_OUTLET_STAFF, code="not_outlet_staff")
    return point


def outlet_case_submit(
    *, applicant: Applicant, matter_code: str, form_data: dict, materials=None,
    idempotency_key: str | None = None, actor,
) -> tuple[Case, bool]:  # fmt: skip
    """An outlet's staff take an application (materials collected, data entered); the case
    goes to the matter's competent department and the outlet later delivers the result."""
    point = outlet_of(actor)
    code = (matter_code or "").strip()
    if not OutletMatter.objects.filter(service_point=point, matter_code=code).exists():
        raise Conflict(ERR_NOT_ENTRUSTED, code="matter_not_entrusted", details={"matter": code})
    return case_services.case_submit(
        actor=actor, applicant=applicant, channel=CaseChannel.OUTLET, matter_code=code,
        service_point=point, form_data=form_data, materials=materials,
        idempotency_key=idempotency_key,
    )  # fmt: skip


def cross_town_matter_set(*, matter_code: str, is_active: bool = True, note: str = "", actor):
    matter = _published(matter_code)
    with transaction.atomic():
        entry, _ = CrossTownMatter.objects.update_or_create(
            matter_code=matter.code,
            defaults={"matter_name": matter.name, "is_active": is_active, "note": note},
        )
        audit_record(
            actor=actor,
            action="cross_town.configured",
            obj=entry,
            summary=f"跨镇通办{'开通' if is_active else '停用'}：{matter.name}",
        )
    return entry


def competent_point(region: Region, matter: Matter) -> ServicePoint | None:
    """The office of the applicant's own place that handles the matter: a service point of
    the region, else of its town, else of the district, that may accept it."""
    chain = region_chain(region)
    points = list(
        ServicePoint.objects.filter(region_id__in=chain, is_active=True).exclude(
            kind__in=OUTLET_KINDS
        )
    )
    for region_id in chain:
        for point in sorted((p for p in points if p.region_id == region_id), key=lambda p: p.code):
            if catalog_cache.may_accept(point, matter):
                return point
    return None


def cross_town_submit(
    *, accepting_point: ServicePoint, applicant: Applicant, matter_code: str, home_region: Region,
    form_data: dict, materials=None, actor,
) -> Case:  # fmt: skip
    """跨镇通办: taken at `accepting_point` for an applicant of `home_region`, the case goes to
    the competent office there (its clerks take it up; the routing is recorded)."""
    matter = _published(matter_code)
    if not CrossTownMatter.objects.filter(matter_code=matter.code, is_active=True).exists():
        raise Conflict(ERR_NOT_CROSS_TOWN, code="matter_not_cross_town")
    target = competent_point(home_region, matter)
    if target is None:
        raise Conflict(ERR_NO_COMPETENT, code="no_competent_office")
    with transaction.atomic():
        case, _ = case_services.case_submit(
            actor=actor, applicant=applicant, channel=CaseChannel.CROSS_REGION,
            matter_code=matter.code, service_point=target, form_data=form_data,
            materials=materials,
        )  # fmt: skip
        routing = CrossTownRouting.objects.create(
            case=case, accepted_at_point=accepting_point, competent_region=home_region,
            competent_point=target, routed_at=timezone.now(),
            routed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="cross_town.routed",
            obj=routing,
            summary=f"跨镇通办：{accepting_point.name} 收件，流转至 {target.name}",
        )
    return case
