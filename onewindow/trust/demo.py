"""Demo data of trust approval: the two known cases' policies and commitments in every
state for the demo logins and a few demo companies — one active (license issued the same
day), one with materials waiting for the reviewer, one fulfilled, one under rectification,
one breached (license revoked, publicly listed) and one breached and since repaired.

Past dates are made by signing today and moving the dates back (the services' rules are
about today): a demo needs history that the services never write backwards."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from onewindow.cases import services as cases
from onewindow.cases.models import Applicant, Case
from onewindow.catalog.models import Material, Matter, ServicePoint
from onewindow.lib.identity import uscc_check_char

from . import services
from .choices import CommitmentStatus, TrustClass
from .models import Commitment, TrustMaterialRule, TrustPolicy
from .rules import _cn

HYGIENE, CONSTRUCTION = "XK-0701-00", "XK-0901-00"
# The materials that may come later, by a word of their name in the demo catalog.
LATER = {
    HYGIENE: (
        ("示意图", TrustClass.SECONDARY),
        ("检测或者评价报告", TrustClass.DEFERRED),
        ("管理制度", TrustClass.SECONDARY),
    ),
    CONSTRUCTION: (
        ("施工场地", TrustClass.SECONDARY),
        ("施工图设计文件", TrustClass.DEFERRED),
        ("质量安全措施", TrustClass.SECONDARY),
    ),
}
COMPANIES = {
    "fulfilled": ("清江区悦庭酒店管理有限公司", "91500112MA5UTR001"),
    "rectifying": ("清江区水云间沐浴有限公司", "91500112MA5UTR002"),
    "breached": ("清江区丽人美发有限公司", "91500112MA5UTR003"),
    "repaired": ("重庆清江城建工程有限公司", "91500112MA5UTR004"),
}
# A 1x1 white PNG stands in for a drawn signature.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a4500000000049454e44ae426082"
)


def _policies() -> dict:
    made = {}
    for code, later in LATER.items():
        # The demo catalog prefixes codes with the district's region code.
        matter = Matter.objects.published().filter(code__endswith=code).first()
        if matter is None:
            continue
        policy, _ = TrustPolicy.objects.get_or_create(
            matter_code=matter.code, defaults={"deadline_months": 2}
        )
        names = list(
            Material.objects.filter(matter=matter, required=True).values_list("name", flat=True)
        )
        rules = []
        for word, trust_class in later:
            name = next((n for n in names if word in n), None)
            if name:
                TrustMaterialRule.objects.get_or_create(
                    policy=policy, material_name=name, defaults={"trust_class": trust_class}
                )
                rules.append(name)
        made[code] = (matter, names, rules)
    return made


def _form(matter: Matter, name: str, uscc: str) -> dict:
    """A filled-in form for the matter: every field given a plausible value."""
    values = {"company_name": name, "uscc": uscc, "legal_rep": "刘建华", "phone": "13983001234",
              "shop_name": name, "project_name": "清江区滨江花园二期", "contractor": "重庆清江建工有限公司"}  # fmt: skip
    out = {}
    for spec in matter.form_fields or []:
        key, kind = spec.get("key"), spec.get("type") or "text"
        if key in values:
            out[key] = values[key]
        elif kind == "select":
            out[key] = (spec.get("options") or [""])[-1]
        elif kind == "number":
            out[key] = "1200"
        elif kind == "date":
            out[key] = timezone.localdate().isoformat()
        elif kind == "phone":
            out[key] = "13983001234"
        elif kind == "idnumber":
            out[key] = uscc
        else:
            out[key] = f"{spec.get('label') or key}（演示）"
    return out


def _company(label: str, clerk) -> Applicant:
    name, body = COMPANIES[label]
    return cases.applicant_register(
        kind="ORGANISATION", name=name, id_number=body + uscc_check_char(body), phone="13983001234",
        user=None, actor=clerk,
    )  # fmt: skip


def _approve(case: Case) -> None:
    """Every review decided by a staff member of its department (or the superuser)."""
    User = get_user_model()
    while True:
        open_reviews = list(case.reviews.filter(status="OPEN"))
        if not open_reviews:
            return
        for review in open_reviews:
            actor = (
                User.objects.filter(staff_profile__department_id=review.department_id).first()
                or User.objects.filter(is_superuser=True).first()
            )
            cases.review_decide(review_id=review.pk, actor=actor, approve=True, opinion="同意")
        case.refresh_from_db()


def _pledged(
    key, applicant, matter, names, rules, *, clerk, user=None, approve=True
) -> Commitment | None:
    """A case taken at the hall on a pledge (idempotent by key); None if it exists already."""
    if Case.objects.filter(idempotency_key=key).exists():
        return None
    point = clerk.staff_profile.service_point
    case, _ = cases.case_submit(
        actor=clerk, applicant=applicant, channel="WINDOW", matter_code=matter.code,
        service_point=point, window=clerk.staff_profile.window,
        form_data=_form(matter, applicant.name, applicant.id_number),
        materials=[{"name": n} for n in names if n not in rules], idempotency_key=key,
    )  # fmt: skip
    c = services.commitment_sign(case_id=case.pk, actor=clerk, signer_name="刘建华", deferred=rules,
                                 confirmed=True, signature_png=PNG)  # fmt: skip
    if approve:
        _approve(case)
    return c


def _backdate(c: Commitment, days: int) -> None:
    """Moves a commitment `days` into the past, as if signed then."""
    shift = timedelta(days=days)
    Commitment.objects.filter(pk=c.pk).update(
        signed_at=c.signed_at - shift, due_date=c.due_date - shift
    )
    c.items.exclude(due_date=None).update(due_date=c.due_date - shift)
    c.refresh_from_db()
    # the letter as signed then names the earlier deadline too
    due = _cn(c.due_date)
    letter = {**c.letter, "due": due,
              "pledged": [{**p, "due": due if p["due"] else ""} for p in c.letter["pledged"]]}  # fmt: skip
    Commitment.objects.filter(pk=c.pk).update(letter=letter)
    c.refresh_from_db()


def _hand_in_all(c: Commitment, who) -> None:
    for item in c.items.filter(status__in=services.OWED_ITEMS):
        services.commitment_item_upload(
            item_id=item.pk, actor=who, file=ContentFile(b"%PDF-1.4 demo", name="demo.pdf")
        )


def _verify_all(c: Commitment) -> None:
    reviewer = (
        get_user_model()
        .objects.filter(staff_profile__department_id=c.case.lead_department_id)
        .first()
    )
    for item in c.items.filter(status="SUBMITTED"):
        services.commitment_item_verify(item_id=item.pk, actor=reviewer, approve=True)


def _breach(c: Commitment) -> Commitment:
    """Overdue, ordered to rectify, not rectified: the sweep's path with dates moved back."""
    now = timezone.now()
    _backdate(c, 75)
    services.commitment_order_rectification(commitment_id=c.pk, now=now)
    yesterday = timezone.localdate(now) - timedelta(days=1)
    Commitment.objects.filter(pk=c.pk).update(
        rectification_due_date=yesterday, rectification_ordered_at=now - timedelta(days=16)
    )
    return services.commitment_breach(commitment_id=c.pk, now=now)


def load_demo_trust(*, stdout=None) -> int:
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=("clerk", "company", "sectionhead"))
             .select_related("staff_profile__service_point", "staff_profile__window")}  # fmt: skip
    clerk = users.get("clerk")
    if (
        clerk is None
        or not getattr(clerk, "staff_profile", None)
        or not ServicePoint.objects.exists()
    ):
        if stdout:
            stdout.write("未找到演示账号 clerk，请先运行 demo_district。")
        return 0
    matters = _policies()
    if HYGIENE not in matters or CONSTRUCTION not in matters:
        if stdout:
            stdout.write("演示事项目录中没有公共场所卫生许可或施工许可，跳过告知承诺演示。")
        return 0
    hygiene, construction = matters[HYGIENE], matters[CONSTRUCTION]
    company = Applicant.objects.filter(user__username="company").first()
    made = 0
    with transaction.atomic():
        if company is not None:
            # Active: signed today, license the same day; the company can hand in online.
            made += bool(_pledged("demo-trust-active", company, *hygiene, clerk=clerk))
            # Handed in, waiting for the reviewer of the construction department.
            c = _pledged("demo-trust-submitted", company, *construction, clerk=clerk)
            if c:
                _backdate(c, 20)
                _hand_in_all(c, clerk)
                made += 1
        c = _pledged("demo-trust-fulfilled", _company("fulfilled", clerk), *hygiene, clerk=clerk)
        if c:
            _backdate(c, 40)
            _hand_in_all(c, clerk)
            _verify_all(c)
            made += 1
        c = _pledged("demo-trust-rectifying", _company("rectifying", clerk), *hygiene, clerk=clerk)
        if c:
            _backdate(c, 63)
            services.commitment_order_rectification(commitment_id=c.pk)
            made += 1
        c = _pledged("demo-trust-breached", _company("breached", clerk), *hygiene, clerk=clerk)
        if c:
            _breach(c)
            made += 1
        c = _pledged("demo-trust-repaired", _company("repaired", clerk), *construction, clerk=clerk)
        if c:
            _breach(c)
            _hand_in_all(c, clerk)
            _verify_all(c)
            head = users.get("sectionhead") or User.objects.filter(is_superuser=True).first()
            record = c.credit_records.get()
            services.credit_repair(
                record_id=record.pk,
                actor=head,
                note="已补齐全部承诺材料并核验通过，申请信用修复（演示数据）",
            )
            made += 1
    if stdout:
        counts = {s.label: Commitment.objects.filter(status=s).count() for s in CommitmentStatus}
        stdout.write(
            f"告知承诺演示：新建 {made} 件；" + "，".join(f"{k} {v}" for k, v in counts.items())
        )
    return made
