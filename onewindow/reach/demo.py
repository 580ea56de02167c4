"""Demo data of reach in the demo district: runners at district, town and village level,
agency requests in every state (one rated), the outlets' entrusted matters with a login at
the post office, 跨镇通办 matters and a partner platform. Everything goes through the
services; running it twice creates nothing twice."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.cases import services as case_services
from onewindow.cases.models import Applicant, Review
from onewindow.catalog.demo.users import DEMO_PASSWORD
from onewindow.catalog.models import Matter, Region, ServicePoint
from onewindow.lib import signing as lib_signing

from .choices import AgencyMode, AgencySource
from .models import AgencyRequest, Partner, Runner
from .services import agency, outlets, transfer

MARK = "【演示】"
User = get_user_model()

# (username, name, region code, capacity); `runner` is a demo login of the district already.
RUNNERS = (
    ("runner", "何小兵", "500199101000", 6),  # 石门镇
    ("runner2", "李春梅", None, 2),  # a village of 石门镇 (the first one found)
    ("runner3", "张国强", "500199000000", 2),  # the district
)
# Matters every service point takes for people from other towns (跨镇通办).
CROSS_TOWN = ("GG-0501-00", "GG-0601-00", "GG-0502-00")


def _user(username: str, name: str, role: str, **profile):
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    if profile and not StaffProfile.objects.filter(user=user).exists():
        StaffProfile.objects.create(
            user=user, full_name=name, employee_number=f"QJ-{username}", **profile
        )
    return user


def _runners() -> dict[str, Runner]:
    town = Region.objects.get(code="500199101000")
    village = town.children.order_by("code").first() or town
    made = {}
    for username, name, code, capacity in RUNNERS:
        region = Region.objects.get(code=code) if code else village
        user = _user(username, name, Role.RUNNER)
        made[username], _ = Runner.objects.get_or_create(
            user=user, defaults={"full_name": name, "region": region, "capacity": capacity,
                                 "phone": f"1390000{len(made):04d}"},
        )  # fmt: skip
    return made


def filled_form(matter: Matter, applicant: Applicant) -> dict:
    """Plausible answers to a matter's form, by field type."""
    values = {"phone": applicant.phone or "13800000000", "idnumber": applicant.id_number,
              "date": timezone.localdate().isoformat(), "number": "1"}  # fmt: skip
    data = {}
    for field in matter.form_fields or []:
        kind = field.get("type") or "text"
        if kind == "select":
            data[field["key"]] = (field.get("options") or ["是"])[0]
        else:
            data[field["key"]] = values.get(kind, f"{applicant.name}（演示）")
    return data


def _requests(runners: dict[str, Runner]) -> int:
    if AgencyRequest.objects.filter(note__startswith=MARK).exists():
        return 0
    citizen = User.objects.get(username="citizen")
    account = citizen.applicant_account
    applicant = Applicant.objects.filter(user=citizen).first() or case_services.applicant_register(
        kind=account.kind, name=account.name, id_number=account.id_number, phone=account.phone,
        user=citizen, actor=citizen,
    )  # fmt: skip
    admin = User.objects.get(username="admin")
    village = runners["runner2"].region
    town = runners["runner"].region
    street = Region.objects.get(code="500199001000")  # no runner of its own: the district's
    matter = (
        Matter.objects.published()
        .filter(code__in=[m for m in outlets_matters()])
        .order_by("code")
        .first()
    )
    code = matter.code

    def new(region, mode, note, source=AgencySource.WEB):
        return agency.agency_request_create(
            applicant=applicant, matter_code=code, mode=mode, source=source, region=region,
            phone=applicant.phone or "13800000000", address="清江区石门镇正街8号",
            note=MARK + note, actor=citizen if source == AgencySource.WEB else admin,
        )  # fmt: skip

    today = timezone.localdate()

    def authorise(req):
        agency.authorisation_record(
            request_id=req.pk, scope="代为提交申请材料、代为领取办理结果并邮寄", valid_from=today,
            valid_until=today + timedelta(days=30), actor=req.runner.user,
        )  # fmt: skip

    def apply(req):
        authorise(req)
        return agency.agency_apply(request_id=req.pk, form_data=filled_form(matter, applicant),
                                   materials=[{"name": m.name} for m in matter.materials.all()],
                                   mail_address="清江区石门镇正街8号", actor=req.runner.user)  # fmt: skip

    def decide(case):
        case_services.case_pre_review(case_id=case.pk, actor=admin)
        case_services.case_accept(case_id=case.pk, actor=admin)
        for _ in range(5):  # sequential reviews open one after another
            open_reviews = list(Review.objects.filter(case=case, status="OPEN"))
            if not open_reviews:
                break
            for review in open_reviews:
                case_services.review_decide(
                    review_id=review.pk, actor=admin, approve=True, opinion="同意"
                )

    # Full agency to a mailed result, rated by the applicant.
    done = new(village, AgencyMode.FULL_AGENCY, "行动不便，请帮忙全程代办")
    decide(apply(done))
    agency.agency_mail_result(
        request_id=done.pk, tracking_number="1179384625013", actor=done.runner.user
    )
    agency.agency_rate(request_id=done.pk, level="VERY_SATISFIED", comment="上门收材料，结果直接寄到家，很方便",
                       scores={"overall": 5, "efficiency": 5, "skill": 5, "attitude": 5}, actor=citizen)  # fmt: skip
    # Applied and decided: the runner is to mail the result (the journey of the demo login).
    ready = new(town, AgencyMode.FULL_AGENCY, "在外务工，委托代办", source=AgencySource.HOTLINE)
    decide(apply(ready))
    apply(new(town, AgencyMode.FULL_AGENCY, "老人独居，委托代办"))  # in review
    authorise(new(town, AgencyMode.ON_SITE, "请上门协助填表"))  # authorised
    new(town, AgencyMode.REMOTE_GUIDANCE, "不会网上申请，请电话指导")  # assigned
    guided = new(village, AgencyMode.REMOTE_GUIDANCE, "咨询所需材料")
    agency.agency_guidance_done(
        request_id=guided.pk, note="电话指导完成网上申请", actor=guided.runner.user
    )
    cancelled = new(street, AgencyMode.ON_SITE, "已自行办理", source=AgencySource.WINDOW)
    agency.agency_request_cancel(
        request_id=cancelled.pk, reason="申请人已自行到窗口办理", actor=admin
    )
    for note in (
        "请帮忙代办",
        "请上门协助",
        "请电话指导",
    ):  # the district runner fills up; one waits
        new(street, AgencyMode.ON_SITE, note, source=AgencySource.HOTLINE)
    return AgencyRequest.objects.filter(note__startswith=MARK).count()


def outlets_matters() -> list[str]:
    """Matter codes the demo catalog lets outlets take."""
    return list(
        ServicePoint.objects.filter(kind__in=outlets.OUTLET_KINDS).values_list(
            "matters__code", flat=True
        )
    )


def _outlets() -> int:
    entrusted = 0
    for point in ServicePoint.objects.filter(kind__in=outlets.OUTLET_KINDS).prefetch_related(
        "matters"
    ):
        for matter in {m.code: m for m in point.matters.all()}.values():
            outlets.outlet_matter_add(service_point=point, matter_code=matter.code, actor=None)
            entrusted += 1
    post = ServicePoint.objects.get(code="QJ-POST01")
    _user("postclerk", "邮政代办员 孙丽", Role.CLERK, service_point=post)
    return entrusted


def _cross_region() -> None:
    from onewindow.catalog.demo.common import full_code

    for short in CROSS_TOWN:
        if Matter.objects.published().filter(code=full_code(short)).exists():
            outlets.cross_town_matter_set(matter_code=full_code(short), actor=None)
    transfer.platform_key(code="CQ-QJ", name="重庆市清江区一窗通办")
    if not Partner.objects.filter(code="GZ-YF").exists():
        # The partner holds its private key; we keep only its public one.
        partner_key = lib_signing.load_private(lib_signing.generate_private())
        public = lib_signing.b64(lib_signing.public_raw(partner_key.public_key()))
        transfer.partner_save(
            code="GZ-YF", name="贵州省远方市一网通办（演示）", base_url="https://zwfw.example.gov.cn",
            public_key=public, token="(由对方平台签发后用 manage.py reach_partner 填入)", actor=None,
        )  # fmt: skip


def load_demo_reach() -> dict[str, int]:
    with transaction.atomic():
        runners = _runners()
        entrusted = _outlets()
        _cross_region()
        made = _requests(runners)
    return {"runners": len(runners), "entrusted": entrusted, "requests": made}
