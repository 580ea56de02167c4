"""Demo data of the enterprise app: the milestone template, the demand categories, three
project cards with milestones in several states, and demands of every state for several
departments. Idempotent: cards are found by code, demands by their demo key."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind
from onewindow.cases import clock
from onewindow.cases.models import Applicant
from onewindow.cases.services import applicant_register
from onewindow.catalog.demo.users import credit_code
from onewindow.catalog.models import Department
from onewindow.lib import workdays

from .choices import Satisfaction
from .models import Demand, DemandService, Milestone, MilestoneTemplate, ProjectCard
from .services import demands as demand_services
from .services import projects as project_services
from .services.schedule import Step, plan_backward

TEMPLATE = [  # (order, name, department code, limit in working days)
    (10, "项目备案", "FGW", 3),
    (20, "土地供应", "GHZYJ", 20),
    (30, "建设用地规划许可", "GHZYJ", 5),
    (40, "建设工程规划许可", "GHZYJ", 10),
    (50, "环境影响评价审批", "STHJJ", 10),
    (60, "施工图审查", "ZJW", 15),
    (70, "施工许可", "ZJW", 5),
]

SERVICES = [  # (code, name, group, default department, limit, keywords, description)
    ("policy", "政策咨询与兑现", "政策服务", "FGW", 5, "政策,补贴,奖励", "惠企政策的咨询、申报与资金兑现"),
    ("land", "用地要素保障", "要素保障", "GHZYJ", 10, "用地,土地,厂房", "项目用地、厂房租赁与土地手续"),
    ("utilities", "水电气接入", "要素保障", "ZJW", 5, "用水,用电,用气", "水、电、气、网络接入与报装"),
    ("approval", "审批服务", "政务服务", "ZWB", 5, "审批,许可,办事", "审批事项办理中的堵点与难点"),
    ("labour", "用工招聘", "人才用工", "RSJ", 10, "招聘,用工,社保", "招工、人才引进与社保"),
    ("inspection", "涉企执法检查", "营商环境", "SCJGJ", 5, "执法,检查,罚款", "重复检查、执法尺度等问题"),
]  # fmt: skip

COMPANIES = [("重庆清江智能装备制造有限公司", "91500199MA61XN8K3"),
             ("重庆清江绿源食品科技有限公司", "91500199MA62LY4P1")]  # fmt: skip

CARDS = [  # code, name, investment (万元), address, working days to start, completed steps
    ("2026-500199-34-03-081201", "清江智能装备产业园一期", "86000", "清江区工业园区B区", 30, 3),
    ("2026-500199-14-03-090317", "绿源食品冷链物流中心", "32000", "石门镇物流园", 75, 0),
    ("2026-500199-47-01-071155", "滨江片区城市更新项目", "150000", "清江区滨江路片区", 8, 5),
]


def _at(day, hour=10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def load_enterprise_demo() -> dict | None:
    depts = {d.code: d for d in Department.objects.filter(code__in={t[2] for t in TEMPLATE}
                                                           | {s[3] for s in SERVICES})}  # fmt: skip
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["steward", "company", "clerk", "supervisor"]
    ).select_related("applicant_account")}  # fmt: skip
    if "FGW" not in depts or "steward" not in users or "company" not in users:
        return None
    made = {"templates": 0, "services": 0, "cards": 0, "demands": 0}
    for order, name, code, limit in TEMPLATE:
        _, new = MilestoneTemplate.objects.get_or_create(
            name=name, defaults={"order": order, "department": depts[code], "limit_days": limit}
        )
        made["templates"] += new
    for code, name, group, dept, limit, keywords, description in SERVICES:
        _, new = DemandService.objects.get_or_create(
            code=code, defaults=dict(name=name, group=group, default_department=depts.get(dept),
                                     limit_days=limit, keywords=keywords, description=description),
        )  # fmt: skip
        made["services"] += new
    company = _company_applicant(users["company"])
    others = [
        applicant_register(kind=ApplicantKind.ORGANISATION, name=name, id_number=credit_code(body),
                           phone="023-67990100", actor=None)
        for name, body in COMPANIES
    ]  # fmt: skip
    owners = [company, others[0], others[1]]
    for (code, name, money, address, days, completed), owner in zip(CARDS, owners, strict=True):
        if not ProjectCard.objects.filter(code=code).exists():
            _card(code, name, money, address, days, completed, owner, users, depts)
            made["cards"] += 1
    made["demands"] = _demands(company, others, users, depts)
    return made


def _company_applicant(user) -> Applicant:
    account = user.applicant_account
    return applicant_register(
        kind=account.kind, name=account.name, id_number=account.id_number, phone=account.phone,
        address="清江区滨江路66号", user=user, actor=None,
    )  # fmt: skip


@transaction.atomic
def _card(code, name, money, address, days, completed, owner, users, depts):
    """Demo data only: the card is planned as if made on the day its first step started,
    then the steps before today are done on their planned dates (one of them late),
    and the next one is under way. Real cards are only changed through the services."""
    today = timezone.localdate()
    target = workdays.add_workdays(today, days)
    steps = [Step(t.name, t.limit_days) for t in MilestoneTemplate.objects.filter(is_active=True)]
    first_start = plan_backward(steps, target)[0].start_date
    steward = users["steward"]
    card = project_services.card_create(
        data=project_services.CardInput(
            code=code, name=name, enterprise=owner, steward=steward, lead_department=depts["FGW"],
            lead_person="王建华", target_start_date=target,
            investment=Decimal(money), address=address,
        ),
        actor=steward, today=min(first_start, today),
    )  # fmt: skip
    project_services.member_add(card=card, name="张海", duty="规划审批专员",
                                department=depts["GHZYJ"], phone="023-67100102", actor=steward)  # fmt: skip
    project_services.member_add(card=card, name="李雯", duty="建设审批专员",
                                department=depts["ZJW"], phone="023-67100092", actor=steward)  # fmt: skip
    milestones = list(card.milestones.order_by("order"))
    for i, m in enumerate(milestones):
        if i < completed:
            project_services.milestone_complete(milestone_id=m.pk, actor=steward, note="已办结")
            late = i == 1  # the land supply took two working days more than planned
            done_day = workdays.add_workdays(m.planned_end_date, 2 if late else -1)
            Milestone.objects.filter(pk=m.pk).update(
                started_at=_at(m.planned_start_date, 9), done_at=_at(min(done_day, today), 16)
            )
        elif i == completed:
            project_services.milestone_start(milestone_id=m.pk, actor=steward)
            Milestone.objects.filter(pk=m.pk).update(started_at=_at(m.planned_start_date, 9))
    return card


DEMANDS = [  # key, service, department, final state, description
    ("d1", "land", "GHZYJ", "SUBMITTED", "新建二期厂房需要约 30 亩工业用地，希望了解园区可供地块和出让时间。"),
    ("d2", "policy", "FGW", "ASSIGNED", "申请市级技术改造专项补助，材料已报送两个月，想了解审核进度。"),
    ("d3", "utilities", "ZJW", "RED", "新厂区 10kV 专线报装已超过承诺时间，影响设备调试。"),
    ("d4", "inspection", "SCJGJ", "YELLOW", "同一月内被不同科室检查三次，内容重复，希望合并检查。"),
    ("d5", "labour", "RSJ", "RESOLVED", "急需招聘 40 名数控操作工，希望协助对接职业院校。"),
    ("d6", "approval", "ZWB", "CLOSED", "食品经营许可变更在网上提交后一直显示待受理。"),
    ("d7", "policy", "FGW", "REOPENED", "稳岗补贴到账金额与公示不一致，希望核实。"),
    ("d8", "utilities", "ZJW", "CLOSED", "园区道路施工导致供水中断，请协调尽快恢复。"),
]  # fmt: skip


def _demands(company, others, users, depts) -> int:
    services = {s.code: s for s in DemandService.objects.all()}
    made = 0
    clerk = users.get("clerk") or users.get("supervisor")
    boss = users.get("supervisor") or clerk
    for key, service, dept, state, text in DEMANDS:
        key = f"demo-{key}"
        if Demand.objects.filter(attributes__demo_key=key).exists():
            continue
        with transaction.atomic():
            demand = demand_services.demand_file(
                data=demand_services.DemandInput(
                    service=services[service], description=text, enterprise=company,
                    contact_name="周经理", contact_phone="13983000123",
                    attributes={"demo_key": key},
                ),
                actor=users["company"],
            )  # fmt: skip
            _drive(demand, state, depts[dept], clerk, boss, users["company"])
        made += 1
    # two more enterprises call the 12345 hotline
    for i, other in enumerate(others):
        key = f"demo-hotline-{i}"
        if Demand.objects.filter(attributes__demo_key=key).exists():
            continue
        with transaction.atomic():
            demand = demand_services.demand_file(
                data=demand_services.DemandInput(
                    service=services["land" if i else "inspection"], enterprise=other,
                    description=("冷链中心项目红线内有一处高压线需要迁改，希望协调。" if i else
                                 "希望对食品生产许可现场核查预约一个具体时间。"),
                    attributes={"demo_key": key},
                ),
                actor=clerk,
            )  # fmt: skip
            _drive(demand, "ASSIGNED", depts["GHZYJ" if i else "SCJGJ"], clerk, boss, None)
        made += 1
    return made


def _drive(demand, state, department, clerk, boss, rater) -> None:
    if state == "SUBMITTED":
        return
    demand_services.demand_assign(number=demand.number, department=department, actor=clerk)
    if state in ("RED", "YELLOW"):
        _age(demand.number, state)
        return
    if state == "ASSIGNED":
        return
    demand_services.demand_resolve(
        number=demand.number, resolution="已与企业沟通并现场协调，问题已解决。", actor=boss
    )
    if state == "CLOSED":
        demand_services.demand_rate(
            number=demand.number, satisfaction=Satisfaction.SATISFIED, actor=rater
        )
    elif state == "REOPENED":
        demand_services.demand_rate(
            number=demand.number, satisfaction=Satisfaction.UNSATISFIED, actor=rater,
            comment="只答复了政策口径，没有核实我司的具体金额。",
        )  # fmt: skip


def _age(number, light) -> None:
    """Demo data only: moves the assignment back until the demand's light is yellow or red,
    as the cases demo does for cases; the services always act at the present moment."""
    demand = Demand.objects.get(number=number)
    now, today = timezone.now(), timezone.localdate()
    for back in range(1, 60):
        day = workdays.add_workdays(today, -back)
        c = clock.compute(_at(day), demand.limit_days)
        if (light == "YELLOW" and c.warn_at <= now < c.due_at) or (
            light == "RED" and c.due_at <= now
        ):
            if light == "RED":
                day = workdays.add_workdays(day, -2)
                c = clock.compute(_at(day), demand.limit_days)
            Demand.objects.filter(pk=demand.pk).update(
                assigned_at=_at(day), due_at=c.due_at, warn_at=c.warn_at,
                created_at=_at(day) - timedelta(hours=1),
            )  # fmt: skip
            return
