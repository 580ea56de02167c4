"""告知承诺书: what the applicant is told and pledges (国办发〔2020〕42号: the conditions, what
is pledged, the deadline, the liability for a false or broken pledge), as a dict stored
on the Commitment when signed, and as a page and a PDF."""

import base64
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from onewindow.cases.choices import MaterialCheck
from onewindow.cases.models import Case
from onewindow.catalog.models import Material
from onewindow.lib.pdf import html_to_pdf

from .choices import TrustClass
from .models import Commitment, TrustPolicy
from .rules import _cn, pledge_due_date

CONSEQUENCES = [
    "申请人应当在承诺期限内补交承诺后补的材料；逾期未补交的，行政机关责令限期整改，整改期间不记入信用记录。",
    "整改期限届满仍未履行承诺的，依法撤销准予许可决定（电子证照同时撤销），并将申请人列入失信名单向社会公示。",
    "承诺内容不实（虚假承诺）的，依法撤销许可决定，列入失信名单，并依照有关法律法规予以处罚；构成犯罪的，依法追究刑事责任。",
    "列入失信记录的申请人，自认定之日起二年内不得适用告知承诺制；履行承诺、完成整改后可以申请信用修复。",
]
STATEMENT = "本人（单位）已知晓行政机关告知的全部内容，所填写的信息及提交的材料真实、准确；本人（单位）符合许可条件，承诺在期限内补交上述材料，愿意承担不实承诺、违反承诺的法律责任。"  # fmt: skip


def policy_for(case: Case) -> TrustPolicy | None:
    if not case.matter_id:
        return None
    return (
        TrustPolicy.objects.filter(matter_code=case.matter.code, enabled=True)
        .prefetch_related("rules")
        .first()
    )


def plan(case: Case, policy: TrustPolicy, *, today: date | None = None) -> dict:
    """The matter's materials, each either given now or pledgeable (and how), with the
    deadline if the case were accepted today; the pledge form and the letter use it."""
    today = today or timezone.localdate()
    rules = {r.material_name: r.trust_class for r in policy.rules.all()}
    given = {m.name for m in case.materials.all() if m.check_result == MaterialCheck.PROVIDED}
    materials = []
    for m in Material.objects.filter(matter_id=case.matter_id, required=True).order_by(
        "order", "id"
    ):
        trust_class = rules.get(m.name, "")
        materials.append({
            "name": m.name, "trust_class": trust_class,
            "trust_label": TrustClass(trust_class).label if trust_class else "",
            "given": m.name in given,
            # suggested: pledgeable and not handed in yet
            "suggest": bool(trust_class) and m.name not in given,
        })  # fmt: skip
    return {"materials": materials, "due_date": pledge_due_date(today, policy.deadline_months),
            "months": policy.deadline_months}  # fmt: skip


def letter_content(case: Case, policy: TrustPolicy, *, deferred: list[str], due: date) -> dict:
    """The letter as signed: stored whole on the Commitment, so it reads the same later even
    if the policy or the matter changes."""
    rules = {r.material_name: r.trust_class for r in policy.rules.all()}
    matter = case.matter
    names = [
        m.name
        for m in Material.objects.filter(matter_id=case.matter_id, required=True).order_by(
            "order", "id"
        )
    ]
    pledged = [
        {"name": n, "trust_class": rules[n], "trust_label": TrustClass(rules[n]).label,
         "due": "" if rules[n] == TrustClass.FULL else _cn(due)}
        for n in names if n in deferred
    ]  # fmt: skip
    return {
        "title": "告知承诺书",
        "matter": f"{matter.name}（{matter.code}）",
        "department": case.lead_department.name,
        "applicant": case.applicant.name,
        "id_number": case.applicant.id_number,
        "case_number": case.number,
        "conditions": policy.conditions or matter.conditions or "符合法律、法规规定的许可条件。",
        "basis": matter.legal_basis,
        "given": [n for n in names if n not in deferred],
        "pledged": pledged,
        "due": _cn(due),
        "months": policy.deadline_months,
        "verification": policy.verification,
        "consequences": CONSEQUENCES,
        "statement": STATEMENT,
    }


def render_letter_pdf(letter: dict, *, commitment: Commitment | None = None) -> bytes:
    signature = ""
    if commitment is not None and commitment.signature:
        with commitment.signature.open("rb") as f:
            signature = "data:image/png;base64," + base64.b64encode(f.read()).decode()
    html = render_to_string("trust/pdf/letter.html", {
        "letter": letter, "commitment": commitment, "signature": signature,
        "signed_on": _cn(timezone.localdate(commitment.signed_at)) if commitment else "",
    })  # fmt: skip
    return html_to_pdf(html)


def render_revocation_pdf(commitment: Commitment) -> bytes:
    html = render_to_string("trust/pdf/revocation.html", {
        "c": commitment, "case": commitment.case, "letter": commitment.letter,
        "breached_on": _cn(timezone.localdate(commitment.breached_at)),
        "signed_on": _cn(timezone.localdate(commitment.signed_at)),
        "record": commitment.credit_records.order_by("-recorded_at").first(),
    })  # fmt: skip
    return html_to_pdf(html)
