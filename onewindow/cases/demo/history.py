"""A year of case history for the demo district, written in bulk.

No service is called per case: 20,000 cases through the services would take many
minutes. Instead every case's life is planned in memory (plan.py), turned into the rows
the services would have written (rows.py), numbered in the format of
services.common.next_case_number, and inserted in batches (bulk.py), followed by the
counters so that new cases continue each day's sequence.

History cases are marked by an idempotency key "demo-history-<number>" (the demo
logins' cases use "demo-<who>-<state>"): that is how a second run knows they are there
and creates nothing. The key is never shown, unlike form_data, whose items the case
page lists; no client ever sends such a key, so it cannot answer a real retry.
"""

import random
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from onewindow.accounts.models import ApplicantKind, StaffProfile
from onewindow.accounts.roles import Role
from onewindow.audit.models import AuditEvent
from onewindow.catalog.choices import (
    MatterKind,
    ServiceObject,
    ServicePointKind,
    StepKind,
    WindowKind,
)
from onewindow.catalog.models import Bundle, Matter, ServicePoint
from onewindow.catalog.selectors import merged_form

from ..choices import CaseChannel, CaseStatus
from ..models import (
    Applicant,
    Case,
    CaseCounter,
    CaseMaterial,
    Delivery,
    Notice,
    Review,
    Suspension,
)
from ..selectors import signal_counts
from ..services.intake import CHANNEL_NEEDS
from .bulk import insert
from .people import form_answers, make_applicants
from .plan import ONLINE_CHANNELS, Plan, Simulator, Target, workday_weights
from .rows import RowMaker

MARK = "demo-history-"
C = CaseChannel
CHANNEL_WEIGHTS = ((C.WINDOW, 52), (C.ONLINE, 20), (C.MOBILE, 13), (C.OUTLET, 4), (C.AGENT, 5),
                   (C.CROSS_REGION, 6))  # fmt: skip
# What people come for most, by words in the matter's name; everything else weighs 1.
POPULAR = (
    ("身份证", 9), ("社会保障卡", 8), ("医疗保险参保", 8), ("异地就医", 5), ("不动产", 5),
    ("个体工商户设立", 8), ("公司设立", 6), ("公积金提取", 7), ("食品经营许可（新办）", 5),
    ("户口", 4), ("护照", 4), ("港澳", 5), ("养老保险待遇", 4), ("无犯罪", 4), ("婚", 3),
    ("居住证", 3), ("失业保险", 3), ("生育", 3), ("契税", 4), ("新办纳税人", 3), ("高龄", 3),
)  # fmt: skip
RARE_TYPES = {"ADJUDICATION": 0.15, "REWARD": 0.2}
BUNDLE_WEIGHT = 2.5
# Who applies, by the matter's service object or the bundle's audience (both use these values).
AUDIENCE = {
    ServiceObject.PERSON: ApplicantKind.PERSON,
    ServiceObject.ENTERPRISE: ApplicantKind.ORGANISATION,
}


def teller(stdout):
    """A line printer for a command's OutputWrapper or any text stream (or nothing)."""
    if stdout is None:
        return lambda _line: None
    return lambda line: stdout.write(line if line.endswith("\n") else line + "\n")


def history_cases():
    return Case.objects.filter(idempotency_key__startswith=MARK)


def load_history(*, stdout=None, count: int = 20000, seed: int = 2026) -> int:
    """Creates `count` history cases over the 12 months before now; 0 if they exist."""
    say = teller(stdout)
    existing = history_cases().count()
    if count <= 0:
        return 0
    if existing:
        say(f"演示历史办件已存在（{existing} 件），跳过。")
        return 0
    started = time.monotonic()
    rng, now = random.Random(seed), timezone.now()
    sim = Simulator(rng, now)
    with transaction.atomic():
        world = _world()
        if not world["targets"] or world["hall"] is None:
            say("未找到已发布的事项或政务服务大厅，请先运行 manage.py demo。")
            return 0
        pools = _applicants(rng, count, sim)
        plans = _plan(rng, sim, world, pools, count)
        say(f"已生成 {len(plans)} 件办件的办理过程（{time.monotonic() - started:.1f} 秒），写入中…")
        counters = _number(plans, sim)
        _write(plans, sim, world, say)
        _count_on(counters)
    say(f"演示历史办件已载入：{len(plans)} 件，用时 {time.monotonic() - started:.1f} 秒。")
    _summary(say)
    return len(plans)


def _weight(m: Matter, parents: set[str]) -> float:
    weight = next((w for word, w in POPULAR if word in m.name), 1.0)
    if m.code in parents:  # a main item: people apply for its business items instead
        weight = 0.3
    return weight * RARE_TYPES.get(m.matter_type, 1.0)


def _world() -> dict:
    matters = list(
        Matter.objects.published()
        .select_related("department__region")
        .prefetch_related("materials", "steps", "co_departments")
    )
    parents = {m.parent_code for m in matters if m.parent_code}
    points = list(
        ServicePoint.objects.filter(is_active=True)
        .select_related("region")
        .prefetch_related("matters", "windows__departments")
    )
    accepts = {p.pk: {m.code for m in p.matters.all()} for p in points}
    towns = [p for p in points if p.kind == ServicePointKind.TOWN_CENTER]
    outlets = [p for p in points if p.kind in (ServicePointKind.POST_OUTLET, ServicePointKind.MOBILE_OUTLET)]  # fmt: skip

    def where(codes: list[str], among: list[ServicePoint]) -> list[ServicePoint]:
        return [p for p in among if p.accepts_all_matters or set(codes) <= accepts[p.pk]]

    targets = []
    for m in matters:
        specials = [s.name for s in m.steps.all() if s.kind == StepKind.SPECIAL]
        targets.append(Target(
            matter_id=m.pk, bundle_id=None, matter_ids=[m.pk], title=m.name,
            lead_id=m.department_id, lead_name=m.department.name, lead_region=m.department.region,
            departments=list(dict.fromkeys([m.department_id, *(d.pk for d in m.co_departments.all())])),
            limit=m.promised_limit_days, immediate=m.kind == MatterKind.IMMEDIATE,
            channels=frozenset(m.channels), audience=AUDIENCE.get(m.service_object, "BOTH"),
            materials=[(x.pk, x.name) for x in m.materials.all() if x.required], specials=specials,
            fields=m.form_fields or [], weight=_weight(m, parents),
            town_points=where([m.code], towns), outlets=where([m.code], outlets),
        ))  # fmt: skip
    for b in Bundle.objects.filter(is_published=True).select_related("lead_department__region"):
        items = b.current_matters()
        if not items:
            continue
        codes = [m.code for m in items]
        materials = {}
        for m in items:
            for x in m.materials.all():
                if x.required:
                    materials.setdefault(x.merge_key, (x.pk, x.name))
        targets.append(Target(
            matter_id=None, bundle_id=b.pk, matter_ids=[m.pk for m in items], title=b.name,
            lead_id=b.lead_department_id, lead_name=b.lead_department.name,
            lead_region=b.lead_department.region,
            departments=list(dict.fromkeys([b.lead_department_id, *(m.department_id for m in items)])),
            limit=b.promised_limit_days, immediate=False,
            channels=frozenset.intersection(*(frozenset(m.channels) for m in items)),
            audience=AUDIENCE.get(b.audience, ApplicantKind.PERSON), materials=list(materials.values()),
            specials=[], fields=merged_form(items), weight=BUNDLE_WEIGHT,
            town_points=where(codes, towns), outlets=where(codes, outlets),
        ))  # fmt: skip
    reviewers, clerks, at_window = defaultdict(list), defaultdict(list), {}
    for user_id, department_id in _staff(Role.REVIEWER, Role.SECTION_HEAD).values_list(
        "user_id", "department_id"
    ):
        if department_id:
            reviewers[department_id].append(user_id)
    for user_id, point_id, window_id in _staff(Role.CLERK).values_list(
        "user_id", "service_point_id", "window_id"
    ):
        if point_id:
            clerks[point_id].append(user_id)
        if window_id:
            at_window[window_id] = user_id
    return dict(
        targets=targets, towns=towns, outlets=outlets, reviewers=reviewers, clerks=clerks,
        at_window=at_window, windows=_windows(points), hall=next((p for p in points if p.kind == ServicePointKind.MAIN_HALL), None),
    )  # fmt: skip


def _staff(*roles):
    return StaffProfile.objects.filter(
        user__groups__name__in=roles, user__is_active=True
    ).distinct()


def _applicants(rng, count: int, sim: Simulator) -> dict[str, list[Applicant]]:
    """A pool of a few thousand: each person or company comes back a few times a year."""
    taken = set(Applicant.objects.values_list("id_number", flat=True))
    when = sim.at(sim.today - timedelta(days=400), 9 * 60)
    new = make_applicants(rng, max(50, count // 6), max(20, count // 25), when=when, taken=taken)
    with _keeping_times(Applicant):
        Applicant.objects.bulk_create(new, batch_size=1000)
    pools = {ApplicantKind.PERSON: [], ApplicantKind.ORGANISATION: []}
    for a in new:
        pools[a.kind].append(a)
    return pools


@contextmanager
def _keeping_times(*models):
    """bulk_create stamps auto_now_add fields with the present; history has its own times.
    Switched off only around our own bulk inserts, in this process, for demo data."""
    fields = [(m._meta.get_field("created_at"), m._meta.get_field("created_at").auto_now_add) for m in models]  # fmt: skip
    for f, _ in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, before in fields:
            f.auto_now_add = before


def _place(rng, world: dict, target: Target, channel: str):
    """The channel the case really came by, and the service point that took it."""
    need = CHANNEL_NEEDS.get(channel)
    if need and need not in target.channels:
        channel = C.WINDOW
    if channel in ONLINE_CHANNELS:
        return channel, None
    if channel == C.OUTLET:
        if target.outlets:
            return channel, rng.choice(target.outlets)
        channel = C.WINDOW
    if channel in (C.WINDOW, C.AGENT) and target.town_points and rng.random() < 0.6:
        return channel, rng.choice(target.town_points)
    return channel, world["hall"]


def _windows(points: list[ServicePoint]) -> dict[int, tuple[list, list]]:
    """Per service point: its domain windows with their departments, and its general ones."""
    out = {}
    for point in points:
        open_ = [w for w in point.windows.all() if w.is_open and not w.is_standby]
        domain = [(w.pk, {d.pk for d in w.departments.all()}) for w in open_]
        general = [w.pk for w in open_ if w.kind == WindowKind.COMPREHENSIVE]
        out[point.pk] = ([(pk, ds) for pk, ds in domain if ds], general)
    return out


def _window(rng, windows: dict, point_id: int, lead_id: int) -> int | None:
    """A domain window of the lead department half of the time, else a general one."""
    domain, general = windows[point_id]
    mine = [pk for pk, departments in domain if lead_id in departments]
    choice = mine if mine and (rng.random() < 0.5 or not general) else general
    return rng.choice(choice) if choice else None


def _plan(rng, sim: Simulator, world: dict, pools: dict, count: int) -> list[Plan]:
    targets = world["targets"]
    target_cum, total = [], 0.0
    for t in targets:
        total += t.weight
        target_cum.append(total)
    channels = [c for c, _ in CHANNEL_WEIGHTS]
    days = [sim.today - timedelta(days=n) for n in range(365, -1, -1)]
    # Halls are shut on weekends and holidays (a Saturday morning desk aside); the web is not.
    hall_days, web_days = workday_weights(days, 0.03), workday_weights(days, 0.5)
    plans = []
    while len(plans) < count:
        target = rng.choices(targets, cum_weights=target_cum)[0]
        channel = rng.choices(channels, [w for _, w in CHANNEL_WEIGHTS])[0]
        channel, point = _place(rng, world, target, channel)
        online = channel in ONLINE_CHANNELS
        day = rng.choices(days, cum_weights=web_days if online else hall_days)[0]
        t0 = sim.at(day, sim.online_minute() if online else sim.office_minute(), rng.randrange(60))
        if t0 > sim.now - timedelta(minutes=3):
            continue  # not yet happened
        p = sim.live(target, channel, t0)
        kind = target.audience if target.audience != "BOTH" else rng.choice(
            (ApplicantKind.PERSON, ApplicantKind.PERSON, ApplicantKind.ORGANISATION))  # fmt: skip
        p.applicant = rng.choice(pools[kind])
        p.region = point.region if point else target.lead_region
        if point is not None:
            p.point_id = point.pk
            p.window_id = _window(rng, world["windows"], point.pk, target.lead_id)
            staff = world["clerks"].get(point.pk)
            p.clerk_id = world["at_window"].get(p.window_id) or (
                rng.choice(staff) if staff else None
            )
        plans.append(p)
    plans.sort(key=lambda p: p.submitted_at)
    return plans


def _number(plans: list[Plan], sim: Simulator) -> dict[tuple, int]:
    """Numbers in next_case_number's format, continuing any counter already taken.

    Like next_case_number, regions sharing the first six digits of their code (the
    district and its towns) share one sequence a day."""
    first = timezone.localdate(plans[0].submitted_at) if plans else sim.today
    last: dict[tuple, int] = {}
    for prefix, day, n in CaseCounter.objects.filter(day__gte=first).values_list("prefix", "day", "last"):  # fmt: skip
        last[(prefix, day)] = n
    for p in plans:
        key = (p.region.code[:6], timezone.localdate(p.submitted_at))
        last[key] = last.get(key, 0) + 1
        p.number = f"{key[0]}-{key[1]:%Y%m%d}-{last[key]:05d}"
    return last


def _count_on(last: dict[tuple, int]) -> None:
    """The day's last sequence per prefix, so the next case continues after the history."""
    rows = [dict(prefix=prefix, day=day, last=n) for (prefix, day), n in last.items()]
    insert(CaseCounter, rows, upsert=(("prefix", "day"), ("last",)))


def _write(plans: list[Plan], sim: Simulator, world: dict, say) -> None:
    rng, started = sim.rng, time.monotonic()
    maker = RowMaker(sim, world["reviewers"], ContentType.objects.get_for_model(Case).pk)
    through = Case.bundle_matters.through
    cases, children = [], []
    for p in plans:
        t = p.target
        made = {  # reviews first: they set the first decision and the decider the trail names
            Review: maker.reviews(p), Notice: maker.notices(p), CaseMaterial: maker.materials(p),
            Suspension: maker.suspensions(p), Delivery: maker.deliveries(p),
            through: [dict(matter_id=m) for m in t.matter_ids] if t.bundle_id else [],
            AuditEvent: maker.audit(p),
        }  # fmt: skip
        children.append(made)
        form = form_answers(t.fields, p.applicant, rng, timezone.localdate(p.submitted_at))
        cases.append(dict(
            number=p.number, matter_id=t.matter_id, bundle_id=t.bundle_id,
            applicant_id=p.applicant.pk, channel=p.channel, region_id=p.region.pk,
            service_point_id=p.point_id, window_id=p.window_id, lead_department_id=t.lead_id,
            form_data=form, idempotency_key=MARK + p.number, status=p.status,
            promised_limit_days=t.limit,
            suspended_workdays=p.suspension[4] if p.suspension and p.suspension[3] else 0,
            submitted_at=p.submitted_at, materials_completed_at=p.completed_at,
            accepted_at=p.accepted_at, due_at=p.due_at, warn_at=p.warn_at,
            concluded_at=p.concluded_at or p.withdrawn_at,
            delivered_at=p.delivery[1] if p.delivery else None, closed_at=p.closed_at,
            decision_reason=RowMaker.reason(p), submitted_by_id=p.clerk_id, version=1 + p.moves,
        ))  # fmt: skip
    clock_ = time.monotonic()
    say(f"  各表记录已生成（{clock_ - started:.1f} 秒）")
    insert(Case, cases)
    say(f"  办件 {len(cases)}（{time.monotonic() - clock_:.1f} 秒）")
    ids = dict(
        Case.objects.filter(submitted_at__gte=plans[0].submitted_at).values_list("number", "id")
    )
    rows = defaultdict(list)
    for p, made in zip(plans, children, strict=True):
        case_id = ids[p.number]
        for model, objs in made.items():
            key, value = (
                ("object_id", str(case_id)) if model is AuditEvent else ("case_id", case_id)
            )
            for row in objs:
                row[key] = value
            rows[model] += objs
    for model, objs in rows.items():
        clock_ = time.monotonic()
        insert(model, objs)
        say(f"  {model._meta.verbose_name} {len(objs)}（{time.monotonic() - clock_:.1f} 秒）")


def _summary(say) -> None:
    qs = history_cases()
    by_status = Counter(dict(qs.values_list("status").annotate(n=Count("id"))))
    by_channel = Counter(dict(qs.values_list("channel").annotate(n=Count("id"))))
    say(
        "  按状态："
        + "，".join(
            f"{CaseStatus(s).label} {by_status[s]}" for s in CaseStatus.values if by_status[s]
        )
    )
    say(
        "  按渠道："
        + "，".join(
            f"{CaseChannel(c).label} {by_channel[c]}" for c in CaseChannel.values if by_channel[c]
        )
    )
    signals = signal_counts(qs)
    say(f"  在办：绿灯 {signals['GREEN']}，黄灯 {signals['YELLOW']}，红灯 {signals['RED']}")
