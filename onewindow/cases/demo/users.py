"""Cases for the demo logins, made through the real services so every row is consistent.

The citizen and company applicants get a few cases in every state, taken at the main
hall by `clerk` (or submitted online by the applicant) and reviewed in the department
of `reviewer`, so that each of these logins finds work and history when they sign in.
Each case has an idempotency key, so a second run submits nothing twice.
"""

import random
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.catalog.choices import MatterKind, MatterType, ServiceObject
from onewindow.catalog.models import Bundle, Matter
from onewindow.catalog.selectors import merged_form
from onewindow.lib import workdays
from onewindow.lib.errors import DomainError

from .. import clock, services
from ..choices import CaseChannel, CaseStatus, NoticeKind, ReviewStatus, Signal
from ..models import Case, CaseMaterial, Notice, Review
from .history import teller
from .people import form_answers

S = CaseStatus
ADDRESS = "清江区龙溪街道松石大道66号"  # where the demo applicants get their results posted
USERNAMES = ("clerk", "reviewer", "sectionhead", "supervisor", "citizen", "company", "admin")
STATES = (
    S.SUBMITTED, S.PRE_REVIEWED, S.SUPPLEMENT_REQUESTED, S.REFUSED, S.ACCEPTED, S.IN_REVIEW,
    S.SUSPENDED, S.APPROVED, S.DENIED, S.DELIVERED, S.CLOSED, S.WITHDRAWN,
)  # fmt: skip
# (applicant, state, light): one of each state for both applicants, then a few running
# cases whose light is yellow or red so the reviewer's inbox and the supervisor's
# overdue list have something urgent at the top.
SCENARIOS = (
    *((who, state, None) for state in STATES for who in ("citizen", "company")),
    ("citizen", S.ACCEPTED, Signal.RED),
    ("citizen", S.IN_REVIEW, Signal.YELLOW),
    ("company", S.IN_REVIEW, Signal.RED),
    ("company", S.ACCEPTED, Signal.YELLOW),
)


class Demo:
    """Who acts, for whom, on what."""

    def __init__(self, users: dict):
        self.users = users
        self.clerk, self.reviewer = users["clerk"], users["reviewer"]
        self.decider = users.get("sectionhead") or self.reviewer
        self.point = self.clerk.staff_profile.service_point
        self.window = self.clerk.staff_profile.window
        self.department = self.reviewer.staff_profile.department
        self.rng = random.Random(7)

    def matters(self, kind: str) -> list[Matter]:
        """Licensing matters of the reviewer's department this applicant may apply for."""
        objects = {"PERSON": (ServiceObject.PERSON, ServiceObject.BOTH),
                   "ORGANISATION": (ServiceObject.ENTERPRISE, ServiceObject.BOTH)}[kind]  # fmt: skip
        found = Matter.objects.published().filter(
            department=self.department, kind=MatterKind.PROMISED, service_object__in=objects
        )
        parents = set(Matter.objects.published().values_list("parent_code", flat=True))
        found = [m for m in found.order_by("code") if m.code not in parents]
        # Licensing with a limit of a few days first: its two-step review and its yellow and
        # red lights are what the demo shows; matters only for this kind of applicant next.
        return sorted(found, key=lambda m: (
            m.matter_type != MatterType.LICENSING, not 3 <= m.promised_limit_days <= 20,
            m.service_object == ServiceObject.BOTH, m.code,
        ))[:3]  # fmt: skip

    def act_for(self, department_id: int):
        """The staff member who decides a review of this department (superuser otherwise)."""
        if department_id == self.department.pk:
            return self.reviewer
        User = get_user_model()
        return (
            User.objects.filter(staff_profile__department_id=department_id).first()
            or User.objects.filter(is_superuser=True).first()
        )


def load_demo_cases(*, stdout=None) -> int:
    """Creates the demo logins' cases that are missing; returns how many it created."""
    say = teller(stdout)
    found = {
        u.username: u
        for u in get_user_model()
        .objects.filter(username__in=USERNAMES)
        .select_related("staff_profile__department", "staff_profile__service_point", "applicant_account")
    }  # fmt: skip
    missing = [n for n in ("clerk", "reviewer") if n not in found or not hasattr(found[n], "staff_profile")]  # fmt: skip
    if missing or not found["reviewer"].staff_profile.department_id or not found["clerk"].staff_profile.service_point_id:  # fmt: skip
        say(f"未找到演示账号 {'、'.join(missing) or 'clerk/reviewer 的岗位'}，跳过演示账号办件。")
        return 0
    demo = Demo(found)
    applicants = {}
    for who in ("citizen", "company"):
        account = getattr(found.get(who), "applicant_account", None)
        if account is None:
            say(f"未找到演示申请人账号 {who}，跳过其办件。")
            continue
        applicant = services.applicant_register(
            kind=account.kind, name=account.name, id_number=account.id_number,
            phone=account.phone, address=ADDRESS, user=found[who], actor=demo.clerk,
        )  # fmt: skip
        matters = demo.matters(account.kind)
        if matters:
            applicants[who] = (found[who], applicant, matters)
    made = 0
    for n, (who, state, light) in enumerate(SCENARIOS):
        if who not in applicants:
            continue
        user, applicant, matters = applicants[who]
        key = f"demo-{who}-{state.lower()}{'-' + light.lower() if light else ''}"
        matter = matters[n % len(matters)]
        try:
            with transaction.atomic():
                case = _submit(demo, user, applicant, key, state, matter=matter)
                if case is None:
                    continue
                _drive(demo, case, state, user)
                if light:
                    _light(case.pk, light)
        except DomainError as e:  # the catalog changed under the demo: say so, carry on
            say(f"  演示办件 {key} 未能生成：{e.message}")
            continue
        made += 1
    made += _bundle_case(demo, applicants)
    say(f"演示账号办件：新建 {made} 件。" + ("" if made else "（已存在，未重复创建）"))
    return made


def _submit(demo: Demo, user, applicant, key, state, *, matter=None, bundle=None) -> Case | None:
    """Online when the applicant may (and always for a case nobody has looked at yet);
    otherwise at the clerk's window. None when this key was used before."""
    items = [matter] if matter else bundle.current_matters()
    online = state == S.SUBMITTED or (
        state in (S.APPROVED, S.DENIED) and user.username == "company"
    )
    online = online and all("ONLINE" in m.channels for m in items)
    fields = matter.form_fields if matter else merged_form(items)
    materials = {}
    for m in items:
        for x in m.materials.all():
            if x.required:
                materials.setdefault(x.merge_key, {"name": x.name, "material_id": x.pk})
    case, created = services.case_submit(
        actor=user if online else demo.clerk, applicant=applicant,
        channel=CaseChannel.ONLINE if online else CaseChannel.WINDOW,
        matter_code=matter.code if matter else None, bundle_code=bundle.code if bundle else None,
        service_point=None if online else demo.point, window=None if online else demo.window,
        form_data=form_answers(fields, applicant, demo.rng, timezone.localdate()),
        materials=list(materials.values()), idempotency_key=key,
    )  # fmt: skip
    return case if created else None


def _drive(demo: Demo, case: Case, state: str, applicant_user) -> None:
    """Takes a submitted case to `state` the way the staff would, one service call a step."""
    clerk, pk = demo.clerk, case.pk
    if state == S.SUBMITTED:
        return
    if state == S.SUPPLEMENT_REQUESTED:
        first = case.materials.order_by("id").first()
        services.case_pre_review(case_id=pk, actor=clerk, checks=[
            {"id": first.pk, "result": "INVALID", "note": "复印件不清晰，请提供原件"}])  # fmt: skip
        services.case_request_supplement(case_id=pk, actor=clerk, items=[
            {"name": first.name, "problem": "复印件不清晰，请提供原件"}])  # fmt: skip
        return
    services.case_pre_review(case_id=pk, actor=clerk)
    if state == S.PRE_REVIEWED:
        return
    if state == S.REFUSED:
        services.case_refuse(
            case_id=pk, actor=clerk, reason="申请事项依法不需要取得行政许可，已告知申请人办理备案"
        )
        return
    services.case_accept(case_id=pk, actor=clerk)
    if state == S.ACCEPTED:
        return
    if state == S.WITHDRAWN:
        services.case_withdraw(case_id=pk, actor=applicant_user, reason="经营计划调整，暂不办理")
        return
    if state == S.SUSPENDED:
        services.case_suspend(
            case_id=pk, actor=demo.reviewer, reason="现场核查", expected_workdays=5
        )
        return
    lead, *others = case.reviews.filter(step=1).order_by("-is_lead", "id")
    for review in others:  # co-reviewing departments agree first
        services.review_decide(review_id=review.pk, actor=demo.act_for(review.department_id), approve=True)  # fmt: skip
    if state == S.DENIED:
        services.review_decide(review_id=lead.pk, actor=demo.reviewer, approve=False,
                               opinion="现场核查，经营场所布局和设施设备不符合规定条件")  # fmt: skip
        return
    services.review_decide(review_id=lead.pk, actor=demo.reviewer, approve=True, opinion="材料齐全，符合条件")  # fmt: skip
    if state == S.IN_REVIEW:
        return
    decision = case.reviews.get(step=2)
    services.review_decide(
        review_id=decision.pk, actor=demo.decider, approve=True, opinion="准予许可"
    )
    if state == S.APPROVED:
        return
    services.case_deliver(case_id=pk, actor=clerk, method="MAIL", address=ADDRESS,
                          tracking_number=f"SF{1400000000000 + pk}")  # fmt: skip
    if state == S.CLOSED:
        services.case_close(case_id=pk, actor=clerk)


def _bundle_case(demo: Demo, applicants: dict) -> int:
    """The company's 一件事 led by the reviewer's department, in parallel review."""
    if "company" not in applicants:
        return 0
    bundle = Bundle.objects.filter(lead_department=demo.department, is_published=True,
                                   audience="ENTERPRISE").order_by("code").first()  # fmt: skip
    if bundle is None:
        return 0
    user, applicant, _ = applicants["company"]
    with transaction.atomic():
        case = _submit(demo, user, applicant, "demo-company-bundle", S.IN_REVIEW, bundle=bundle)
        if case is None:
            return 0
        services.case_pre_review(case_id=case.pk, actor=demo.clerk)
        services.case_accept(case_id=case.pk, actor=demo.clerk)
        lead = case.reviews.get(step=1, is_lead=True)
        services.review_decide(review_id=lead.pk, actor=demo.reviewer, approve=True, opinion="同意")
    return 1


def _light(case_id: int, light: str) -> None:
    """Demo data only: moves a running case's acceptance back in working days until its
    light is yellow or red. The services always act at the present moment, so there is
    no other way to show an aged case on a fresh demo; real cases are never edited so."""
    now = timezone.now()
    case = Case.objects.get(pk=case_id)
    today, found = timezone.localdate(now), None
    for back in range(1, 120):
        day = workdays.add_workdays(today, -back)
        c = clock.compute(_at(day, 10), case.promised_limit_days, case.suspended_workdays)
        if light == Signal.YELLOW and c.warn_at <= now < c.due_at:
            found = day
            break
        if light == Signal.RED and c.due_at <= now:
            found = workdays.add_workdays(day, -2)  # a couple of working days overdue
            break
    if found is None:
        return
    accepted = _at(found, 10)
    c = clock.compute(accepted, case.promised_limit_days, case.suspended_workdays)
    submitted = accepted - timedelta(minutes=20)
    Case.objects.filter(pk=case_id).update(submitted_at=submitted, accepted_at=accepted,
                                           due_at=c.due_at, warn_at=c.warn_at)  # fmt: skip
    Review.objects.filter(case_id=case_id, step=1).update(opened_at=accepted)
    Notice.objects.filter(case_id=case_id, kind=NoticeKind.ACCEPTANCE).update(issued_at=accepted)
    CaseMaterial.objects.filter(case_id=case_id).update(checked_at=accepted - timedelta(minutes=5))
    events = AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(Case), object_id=str(case_id))  # fmt: skip
    events.filter(action="case.submitted").update(created_at=submitted)
    events.filter(action="case.pre_reviewed").update(created_at=accepted - timedelta(minutes=5))
    events.filter(action="case.accepted").update(created_at=accepted)
    if Review.objects.filter(case_id=case_id, status=ReviewStatus.APPROVED).exists():
        # The lead's review was signed the next working day; the decision step waits since.
        signed = _at(workdays.add_workdays(found, 1), 15)
        Review.objects.filter(case_id=case_id, status=ReviewStatus.APPROVED).update(
            decided_at=signed
        )
        Review.objects.filter(case_id=case_id, step=2, status=ReviewStatus.OPEN).update(
            opened_at=signed
        )
        events.exclude(action__in=("case.submitted", "case.pre_reviewed", "case.accepted")).update(created_at=signed)  # fmt: skip


def _at(day, hour: int):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))
