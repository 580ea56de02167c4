"""Demands as Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2), JSON only, so
that existing Open311 clients work against OneWindow:

    GET  services.json                 the demand categories (DemandService)
    GET  services/{service_code}.json  a service definition (its attributes)
    POST requests.json                 file a demand (form-encoded; api_key required)
    GET  requests.json                 demands by id list, or by service, dates and status
    GET  requests/{id}.json            one demand, as a one-element list
    GET  discovery.json                service discovery: where the endpoint is, which formats

Every error answers the spec's list of {"code", "description"} with the same HTTP status.
api_key is a OneWindow API token: an enterprise's own, or a hotline clerk's / steward's, who
then names the enterprise in attribute[enterprise_uscc]. jurisdiction_id is accepted; when
settings.OPEN311_JURISDICTION_ID is set, another value is a 404. A demand is "open" until it
is resolved; "closed" when resolved or cleared (a reopened one is open again). Descriptions
are shown only to a key that may see the demand: a public list shows the service name.
"""

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from onewindow.accounts.auth import ApiTokenAuth
from onewindow.lib.errors import DomainError

from . import selectors
from .choices import DemandChannel, DemandStatus
from .lookups import card_by_code, enterprise_by_id_number
from .models import Demand, DemandService
from .services import demands as services

OPEN = (DemandStatus.SUBMITTED, DemandStatus.ASSIGNED)
CLOSED = (DemandStatus.RESOLVED, DemandStatus.CLOSED)
DEFAULT_DAYS = 90  # the spec's default window for GET requests
MAX_REQUESTS = 1000  # and its ceiling

ATTRIBUTES = [
    {"variable": True, "code": "enterprise_uscc", "datatype": "string", "required": False,
     "datatype_description": "18 位统一社会信用代码",
     "order": 1, "description": "代企业提出时，企业的统一社会信用代码（企业本身的 api_key 可不填）"},
    {"variable": True, "code": "project_code", "datatype": "string", "required": False,
     "datatype_description": "项目一卡通的项目代码",
     "order": 2, "description": "诉求涉及的重大项目"},
]  # fmt: skip


def errors(status: int, description: str) -> JsonResponse:
    return JsonResponse(
        [{"code": status, "description": description}],
        status=status,
        safe=False,
        json_dumps_params={"ensure_ascii": False},
    )


def ok(body, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def w3(dt: datetime | None) -> str | None:
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


def _jurisdiction_error(params) -> JsonResponse | None:
    wanted = getattr(settings, "OPEN311_JURISDICTION_ID", "")
    given = params.get("jurisdiction_id", "")
    if wanted and given and given != wanted:
        return errors(404, f"jurisdiction_id not found: {given}")
    return None


def _format_error(fmt: str) -> JsonResponse | None:
    return None if fmt == "json" else errors(400, f"format not supported: {fmt}（仅支持 json）")


def _key_user(request, params):
    key = params.get("api_key", "")
    return ApiTokenAuth().authenticate(request, key) if key else None


def _service_out(s: DemandService) -> dict:
    return {
        "service_code": s.code, "service_name": s.name, "description": s.description,
        "metadata": True, "type": "realtime", "keywords": s.keywords, "group": s.group,
    }  # fmt: skip


def _request_out(d: Demand, *, full: bool) -> dict:
    if d.status == DemandStatus.RESOLVED:
        notes = f"{d.get_status_display()}：{d.resolution}"
    elif d.status == DemandStatus.CLOSED:
        notes = f"企业评价满意，已清零：{d.resolution}"
    elif d.reopen_count:
        notes = f"企业不满意，已退回重新办理（第 {d.reopen_count} 次）"
    else:
        notes = d.get_status_display()
    return {
        "service_request_id": d.number,
        "status": "closed" if d.status in CLOSED else "open",
        "status_notes": notes if full else d.get_status_display(),
        "service_name": d.service.name,
        "service_code": d.service.code,
        "description": d.description if full else d.service.name,
        "agency_responsible": d.department.name if d.department_id else "",
        "service_notice": f"承办部门在 {d.limit_days} 个工作日内办结" if d.limit_days else "",
        "requested_datetime": w3(d.created_at),
        "updated_datetime": w3(d.updated_at),
        "expected_datetime": w3(d.due_at),
        "address": d.address_string,
        "address_id": "",
        "zipcode": "",
        "lat": float(d.lat) if d.lat is not None else None,
        "long": float(d.long) if d.long is not None else None,
        "media_url": "",
    }


@require_GET
def service_list(request, fmt: str):
    problem = _format_error(fmt) or _jurisdiction_error(request.GET)
    if problem:
        return problem
    return ok([_service_out(s) for s in DemandService.objects.filter(is_active=True)])


@require_GET
def service_definition(request, code: str, fmt: str):
    problem = _format_error(fmt) or _jurisdiction_error(request.GET)
    if problem:
        return problem
    if not DemandService.objects.filter(code=code, is_active=True).exists():
        return errors(404, f"service_code not found: {code}")
    return ok({"service_code": code, "attributes": ATTRIBUTES})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def requests_(request, fmt: str):
    params = request.POST if request.method == "POST" else request.GET
    problem = _format_error(fmt) or _jurisdiction_error(params)
    if problem:
        return problem
    if request.method == "POST":
        return _post_request(request, params)
    return _get_requests(request, params)


def _decimal(raw: str, low: int, high: int) -> Decimal | None:
    if not raw:
        return None
    value = Decimal(raw)  # InvalidOperation handled by the caller
    if not low <= value <= high:
        raise InvalidOperation
    return value.quantize(Decimal("0.000001"))


def _post_request(request, params):
    user = _key_user(request, params)
    if user is None:
        return errors(403, "api_key missing or invalid（缺少或无效的 api_key）")
    code = params.get("service_code", "").strip()
    if not code:
        return errors(400, "service_code missing（缺少 service_code）")
    service = DemandService.objects.filter(code=code, is_active=True).first()
    if service is None:
        return errors(404, f"service_code not found: {code}")
    description = params.get("description", "").strip()
    if not description:
        return errors(400, "description missing（请填写诉求内容）")
    try:
        lat = _decimal(params.get("lat", "").strip(), -90, 90)
        long = _decimal(params.get("long", "").strip(), -180, 180)
    except (InvalidOperation, ValueError):
        return errors(400, "lat/long invalid（经纬度格式不正确）")
    uscc = params.get("attribute[enterprise_uscc]", "").strip()
    project_code = params.get("attribute[project_code]", "").strip()
    try:
        enterprise = enterprise_by_id_number(uscc) if uscc else services.own_enterprise(user)
        if enterprise is None:
            return errors(400, "attribute[enterprise_uscc] missing（请指明提出诉求的企业）")
        services.channel_for(user, enterprise)  # may this key file for this enterprise?
        name = " ".join(p for p in (params.get("last_name", ""), params.get("first_name", "")) if p)
        demand = services.demand_file(
            data=services.DemandInput(
                service=service, description=description, enterprise=enterprise,
                project=card_by_code(project_code) if project_code else None,
                contact_name=name.strip(), contact_phone=params.get("phone", ""),
                contact_email=params.get("email", ""),
                address_string=params.get("address_string", ""), lat=lat, long=long,
                attributes={k: v for k, v in params.items() if k.startswith("attribute[")},
            ),
            actor=user,
            channel=DemandChannel.OPEN311,
        )  # fmt: skip
    except DomainError as exc:
        status = {422: 400, 409: 400}.get(exc.status, exc.status)
        return errors(status, f"{exc.code}: {exc.message}")
    return ok(
        [{"service_request_id": demand.number, "service_notice": "诉求已受理，待分派至承办部门",
          "account_id": None}]
    )  # fmt: skip


def _parse_dt(raw: str) -> datetime:
    value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _may_see_all(user) -> bool:
    """True for staff; the enterprise's own numbers come through the queryset below."""
    return user is not None and selectors.is_staff(user)


def _get_requests(request, params):
    user = _key_user(request, params)
    qs = selectors.demand_base().order_by("-created_at", "-id")
    ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
    if ids:  # the spec: other parameters are then ignored
        qs = qs.filter(number__in=ids[:MAX_REQUESTS])
    else:
        try:
            end = _parse_dt(params["end_date"]) if params.get("end_date") else timezone.now()
            start = (
                _parse_dt(params["start_date"])
                if params.get("start_date")
                else end - timedelta(days=DEFAULT_DAYS)
            )
        except ValueError:
            return errors(400, "start_date/end_date invalid（日期应为 ISO 8601 格式，含时区）")
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        codes = [c for c in params.get("service_code", "").split(",") if c]
        if codes:
            qs = qs.filter(service__code__in=codes)
        wanted = {s.strip().lower() for s in params.get("status", "").split(",") if s.strip()}
        if wanted - {"open", "closed"}:
            return errors(400, "status invalid（status 应为 open 或 closed）")
        if wanted == {"open"}:
            qs = qs.filter(status__in=OPEN)
        elif wanted == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    return ok([_request_out(d, full=_full(user, d)) for d in qs[:MAX_REQUESTS]])


def _full(user, d: Demand) -> bool:
    if user is None:
        return False
    return _may_see_all(user) or (d.enterprise_id and d.enterprise.user_id == user.pk)


@require_GET
def request_detail(request, number: str, fmt: str):
    problem = _format_error(fmt) or _jurisdiction_error(request.GET)
    if problem:
        return problem
    d = selectors.demand_base().filter(number=number).first()
    if d is None:
        return errors(404, f"service_request_id not found: {number}")
    return ok([_request_out(d, full=_full(_key_user(request, request.GET), d))])


# The day this endpoint's behaviour last changed, for clients that cache the discovery file.
CHANGESET = "2026-11-22T00:00:00+08:00"


@require_GET
def discovery(request, fmt: str):
    problem = _format_error(fmt)
    if problem:
        return problem
    base = request.build_absolute_uri(reverse("open311:services", args=["json"]))
    return ok({
        "changeset": CHANGESET,
        "contact": "政务服务便民热线 12345",
        "key_service": "api_key 为一窗通办的接口令牌：在“我的账号”页面创建（/accounts/me/）",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": base.rsplit("/", 1)[0],
            "changeset": CHANGESET,
            "type": "production",
            "formats": ["application/json"],
        }],
    })  # fmt: skip
