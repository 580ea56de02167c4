"""Shared by the window's new-case form and its pre-review of cases that came in online:
what is being applied for, its material checklist, and the acceptance decision."""

from dataclasses import dataclass

from django.urls import reverse

from onewindow.catalog.choices import MatterKind
from onewindow.catalog.models import Bundle, Matter
from onewindow.catalog.selectors import merged_form, merged_materials
from onewindow.lib.errors import Conflict

from .. import services
from ..choices import CaseStatus
from ..forms import ChecklistForm, ChecklistItem
from ..models import Case

ERR_NOTHING_TO_SUPPLEMENT = "所有材料均已收齐，无需补正，可直接受理"


@dataclass
class Target:
    """A matter or a bundle, as the intake pages see it."""

    matter: Matter | None
    bundle: Bundle | None
    matters: list[Matter]

    @property
    def name(self) -> str:
        return self.matter.name if self.matter else self.bundle.name

    @property
    def kind(self) -> str:
        return "matter" if self.matter else "bundle"

    @property
    def code(self) -> str:
        return self.matter.code if self.matter else self.bundle.code

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.code}"

    @property
    def department(self):
        return self.matter.department if self.matter else self.bundle.lead_department

    @property
    def promised_limit_days(self) -> int:
        return (self.matter or self.bundle).promised_limit_days

    @property
    def is_immediate(self) -> bool:
        return self.matter is not None and self.matter.kind == MatterKind.IMMEDIATE

    def form_specs(self) -> list:
        if self.matter:
            return self.matter.form_fields or []
        return merged_form(self.matters)

    def offered_by(self, channel: str) -> bool:
        return all(channel in m.channels for m in self.matters)


def target_from(value: str) -> Target | None:
    """ "matter:CODE" or "bundle:CODE" → the current published matter or bundle."""
    kind, _, code = (value or "").partition(":")
    if kind == "matter" and code:
        matter = (
            Matter.objects.published()
            .select_related("department")
            .prefetch_related("materials")
            .filter(code=code)
            .first()
        )
        return Target(matter, None, [matter]) if matter else None
    if kind == "bundle" and code:
        bundle = (
            Bundle.objects.filter(code=code, is_published=True)
            .select_related("lead_department")
            .first()
        )
        matters = bundle.current_matters() if bundle else []
        return Target(None, bundle, matters) if matters else None
    return None


def target_of_case(case: Case) -> Target:
    if case.bundle_id:
        matters = list(case.bundle_matters.select_related("department").prefetch_related("materials"))  # fmt: skip
        return Target(None, case.bundle, matters)
    return Target(case.matter, None, [case.matter])


def checklist_items(target: Target, case: Case | None = None) -> list[ChecklistItem]:
    """The catalog's materials (a bundle's merged once; documents the bundle itself produces
    left out), then anything else already on the case, each with its uploaded file if any."""
    if target.matter:
        items = [
            ChecklistItem(m.name, m.required, m.is_core, m.notes, material_id=m.pk)
            for m in target.matter.materials.all()
        ]
    else:
        items = [
            ChecklistItem(m.name, m.required, m.is_core, m.notes)
            for m in merged_materials(target.matters)
            if m.produced_by is None
        ]
    if case is not None:
        on_case = {m.name: m for m in case.materials.all()}
        known = {i.name for i in items}
        items += [ChecklistItem(name, required=False) for name in on_case if name not in known]
        for item in items:
            found = on_case.get(item.name)
            if found is not None and found.file:
                item.file_url = reverse("cases:material_file", args=[case.number, found.pk])
    return items


def decide(*, case: Case, actor, action: str, checklist: ChecklistForm, reason: str = "") -> Case:
    """The window's decision on a submitted case: pre-review with the ticked checklist, then
    accept, send the one-time supplement notice, or refuse. The caller holds the transaction,
    so a refusal by any service leaves nothing behind."""
    if action == "supplement" and not checklist.problems():
        raise Conflict(ERR_NOTHING_TO_SUPPLEMENT, code="nothing_to_supplement")
    if case.status == CaseStatus.SUBMITTED:
        services.case_pre_review(case_id=case.pk, actor=actor, checks=checklist.checks())
    if action == "accept":
        return services.case_accept(case_id=case.pk, actor=actor)
    if action == "supplement":
        return services.case_request_supplement(
            case_id=case.pk, actor=actor, items=checklist.problems()
        )
    if action == "refuse":
        return services.case_refuse(case_id=case.pk, actor=actor, reason=reason)
    raise Conflict("未知的受理操作", code="intake_action_invalid")


DONE_MESSAGES = {
    "accept": "已受理，办件编号 {n}。请打印受理通知单交申请人。",
    "supplement": "已出具一次性告知书（办件编号 {n}），请打印交申请人，补正后即可受理。",
    "refuse": "已作出不予受理决定（办件编号 {n}），请打印不予受理通知书交申请人。",
    "immediate": "即办件已当场办结，办件编号 {n}。",
}


def catalog_choices(service_point, channel: str):
    """Matters and bundles this service point may take over this channel, grouped by
    department for a plain select (the search box finds them by what people say)."""
    matters = Matter.objects.published().select_related("department")
    if not service_point.accepts_all_matters:
        matters = matters.filter(service_points=service_point)
    groups: dict[str, list] = {}
    for m in matters.order_by("department__order", "department__code", "code"):
        if channel in m.channels:
            groups.setdefault(m.department.name, []).append((f"matter:{m.code}", m.name))
    bundles = []
    if service_point.accepts_all_matters:
        bundles = [
            (f"bundle:{b.code}", b.name)
            for b in Bundle.objects.filter(is_published=True).order_by("code")
        ]
    return ([("一件事一次办", bundles)] if bundles else []) + list(groups.items())


def accepts(service_point, target: Target, channel: str, entrusted: set[str]) -> str:
    """Why this service point cannot take `target` here ("" when it can)."""
    if not target.offered_by(channel):
        return "该事项不支持网点代办" if channel == "OUTLET" else "该事项不支持窗口办理"
    if not service_point.accepts_all_matters and any(
        m.code not in entrusted for m in target.matters
    ):
        return "本场所未获授权受理"
    return ""
