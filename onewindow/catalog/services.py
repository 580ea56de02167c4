"""Writes to the catalog. Every change goes through one of these functions.

Versioning: a DRAFT matter is edited in place. A PUBLISHED matter is never edited:
`matter_start_revision` copies it (with materials and steps) into a draft of version
n+1, and publishing that draft marks the old version SUPERSEDED with its `valid_to`
(`matter_revise` does both at once). Cases point at the version row they were
accepted under, so they keep it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.audit.services import audit_record, diff
from onewindow.lib.errors import Conflict, InvalidInput

from .choices import MatterStatus
from .models import Bundle, BundleItem, IndustryLicense, Material, Matter, MatterStep

ERR_PROMISED_OVER_LEGAL = "承诺时限不得超过法定时限"
ERR_NOT_DRAFT = "只有草稿状态的事项可以直接修改或发布"
ERR_NOT_PUBLISHED = "只有已发布的事项可以修订或取消"
ERR_DUPLICATE_CODE = "事项编码已存在"
ERR_DRAFT_EXISTS = "该事项已有未发布的修订草稿，请先发布或删除草稿"
ERR_CONCURRENT = "该事项正在被其他人修订，请刷新后重试"

# Fields copied to a new version; relations are handled separately.
_M2M = ("themes", "co_departments")
_VERSION_FIELDS = (
    "code",
    "version",
    "status",
    "is_current",
    "valid_from",
    "valid_to",
    "published_at",
)


@dataclass
class MatterInput:
    """Everything that describes one matter, as the Excel import and the demo give it."""

    fields: dict[str, Any]
    materials: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    themes: list = field(default_factory=list)  # Theme objects
    co_departments: list = field(default_factory=list)  # Department objects


def _validate(matter: Matter) -> None:
    # The named rule first, so callers get its own code; the database constraint backs it.
    legal, promised = matter.legal_limit_days, matter.promised_limit_days
    if legal is not None and promised is not None and promised > legal:
        raise InvalidInput(
            f"{ERR_PROMISED_OVER_LEGAL}（承诺{promised}个工作日，法定{legal}个工作日）",
            code="promised_over_legal",
        )
    if not matter.is_free and matter.fee_amount is None and not matter.fee_description:
        raise InvalidInput("收费事项须写明收费金额或收费标准", code="fee_not_stated")
    try:
        # Constraints are left to the database: checking each here costs a query per constraint.
        matter.full_clean(
            exclude=["themes", "co_departments"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        raise InvalidInput(
            "事项信息不完整或有误", code="matter_invalid", details=exc.message_dict
        ) from exc


def _snapshot(matter: Matter) -> dict[str, Any]:
    return {f.attname: getattr(matter, f.attname) for f in matter._meta.concrete_fields}


def _write_children(matter: Matter, data: MatterInput) -> None:
    Material.objects.bulk_create(
        [Material(matter=matter, order=i, **m) for i, m in enumerate(data.materials, start=1)]
    )
    MatterStep.objects.bulk_create(
        [MatterStep(matter=matter, **{"order": i, **s}) for i, s in enumerate(data.steps, start=1)]
    )
    matter.themes.set(data.themes)
    matter.co_departments.set(data.co_departments)


def matter_create(*, data: MatterInput, actor, publish: bool = False) -> Matter:
    """Creates version 1 of a new matter, as a draft or published at once."""
    with transaction.atomic():
        if Matter.objects.filter(code=data.fields.get("code")).exists():
            raise Conflict(ERR_DUPLICATE_CODE, code="matter_code_exists")
        matter = Matter(**data.fields)
        matter.version, matter.is_current, matter.status = 1, True, MatterStatus.DRAFT
        _validate(matter)
        matter.save()
        _write_children(matter, data)
        audit_record(
            actor=actor, action="matter.create", obj=matter, summary=f"新建事项 {matter.code}"
        )
        if publish:
            matter = matter_publish(matter=matter, actor=actor)
    return matter


def matter_update_draft(
    *, matter: Matter, changes: dict[str, Any], actor, data: MatterInput | None = None
) -> Matter:
    """Edits a draft in place; with `data`, its materials, steps, themes and
    co-departments are replaced too."""
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        if matter.status != MatterStatus.DRAFT:
            raise Conflict(ERR_NOT_DRAFT, code="matter_not_draft")
        before = _snapshot(matter)
        for name, value in changes.items():
            setattr(matter, name, value)
        _validate(matter)
        matter.save()
        if data is not None:
            matter.materials.all().delete()
            matter.steps.all().delete()
            _write_children(matter, data)
        audit_record(
            actor=actor,
            action="matter.update",
            obj=matter,
            summary=f"修改草稿事项 {matter.code}",
            changes=diff(before, _snapshot(matter)),
        )
    return matter


def matter_publish(*, matter: Matter, actor, valid_from: date | None = None) -> Matter:
    """Publishes a draft. A revision draft replaces the current version, which is kept
    (SUPERSEDED, with its valid_to) for the cases accepted under it."""
    today = timezone.localdate()
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        if matter.status != MatterStatus.DRAFT:
            raise Conflict(ERR_NOT_DRAFT, code="matter_not_draft")
        _validate(matter)
        old = (
            Matter.objects.select_for_update()
            .filter(code=matter.code, is_current=True)
            .exclude(pk=matter.pk)
            .first()
        )
        if old is not None:
            # Retire the old version first: the database allows one current version per code.
            old.is_current = False
            old.status = MatterStatus.SUPERSEDED
            old.valid_to = (
                today - timedelta(days=1) if old.valid_from and old.valid_from < today else today
            )
            old.save(update_fields=["is_current", "status", "valid_to", "updated_at"])
        matter.status = MatterStatus.PUBLISHED
        matter.is_current = True
        matter.published_at = timezone.now()
        matter.valid_from = valid_from or today
        try:
            matter.save(
                update_fields=["status", "is_current", "published_at", "valid_from", "updated_at"]
            )
        except IntegrityError as exc:  # a concurrent publication won
            raise Conflict(ERR_CONCURRENT, code="matter_revision_conflict") from exc
        summary = f"发布事项 {matter.code} 第{matter.version}版"
        if old is not None:
            summary += f"，替代第{old.version}版"
        audit_record(actor=actor, action="matter.publish", obj=matter, summary=summary)
    return matter


def _children_of(matter: Matter) -> MatterInput:
    def plain(row):
        skip = ("id", "matter_id", "order")
        return {
            f.attname: getattr(row, f.attname)
            for f in row._meta.concrete_fields
            if f.attname not in skip
        }

    return MatterInput(
        fields={},
        materials=[plain(m) for m in matter.materials.all()],
        steps=[plain(s) for s in matter.steps.all()],
        themes=list(matter.themes.all()),
        co_departments=list(matter.co_departments.all()),
    )


def matter_start_revision(
    *, matter: Matter, actor, changes: dict[str, Any] | None = None, data: MatterInput | None = None
) -> Matter:
    """Opens a draft of version n+1 of a published matter, to be edited and then published.

    The draft starts as a copy of the current version (materials, steps, themes and
    co-departments included) unless `data` gives new ones; `changes` are applied on top.
    """
    with transaction.atomic():
        old = Matter.objects.select_for_update().get(pk=matter.pk)
        if old.status != MatterStatus.PUBLISHED or not old.is_current:
            raise Conflict(ERR_NOT_PUBLISHED, code="matter_not_published")
        if Matter.objects.filter(code=old.code, status=MatterStatus.DRAFT).exists():
            raise Conflict(ERR_DRAFT_EXISTS, code="matter_draft_exists")
        data = data or _children_of(old)
        before = _snapshot(old)
        new = Matter(
            **{k: v for k, v in before.items() if k not in ("id", "created_at", "updated_at")}
        )
        for name, value in {**data.fields, **(changes or {})}.items():
            if name not in _VERSION_FIELDS:
                setattr(new, name, value)
        new.version = old.version + 1
        new.status = MatterStatus.DRAFT
        new.is_current = False
        new.published_at = new.valid_from = new.valid_to = None
        _validate(new)
        try:
            new.save()
        except IntegrityError as exc:
            raise Conflict(ERR_CONCURRENT, code="matter_revision_conflict") from exc
        _write_children(new, data)
        audit_record(
            actor=actor,
            action="matter.start_revision",
            obj=new,
            summary=f"为事项 {new.code} 起草第{new.version}版",
            changes=diff(before, _snapshot(new)),
        )
    return new


def matter_revise(
    *, matter: Matter, changes: dict[str, Any], actor, data: MatterInput | None = None
) -> Matter:
    """Publishes version n+1 of a published matter with `changes` applied, in one step."""
    with transaction.atomic():
        draft = matter_start_revision(matter=matter, actor=actor, changes=changes, data=data)
        return matter_publish(matter=draft, actor=actor)


def matter_retire(*, matter: Matter, actor, reason: str) -> Matter:
    with transaction.atomic():
        matter = Matter.objects.select_for_update().get(pk=matter.pk)
        if matter.status != MatterStatus.PUBLISHED:
            raise Conflict(ERR_NOT_PUBLISHED, code="matter_not_published")
        matter.status = MatterStatus.RETIRED
        matter.valid_to = timezone.localdate()
        matter.save(update_fields=["status", "valid_to", "updated_at"])
        audit_record(
            actor=actor,
            action="matter.retire",
            obj=matter,
            summary=f"取消事项 {matter.code}：{reason}",
        )
    return matter


def bundle_save(
    *, code: str, fields: dict[str, Any], matter_codes: list[str], themes: list, actor
) -> Bundle:
    """Creates or replaces a bundle and its items; every matter code must exist."""
    known = set(Matter.objects.filter(code__in=matter_codes).values_list("code", flat=True))
    unknown = [c for c in matter_codes if c not in known]
    if unknown:
        raise InvalidInput(
            f"一件事包含未知事项：{', '.join(unknown)}", code="bundle_unknown_matter"
        )
    with transaction.atomic():
        bundle, created = Bundle.objects.update_or_create(code=code, defaults=fields)
        bundle.items.all().delete()
        BundleItem.objects.bulk_create(
            [
                BundleItem(bundle=bundle, matter_code=c, order=i)
                for i, c in enumerate(matter_codes, 1)
            ]
        )
        bundle.themes.set(themes)
        audit_record(
            actor=actor,
            action="bundle.create" if created else "bundle.update",
            obj=bundle,
            summary=f"{'新建' if created else '更新'}一件事「{bundle.name}」，含{len(matter_codes)}个事项",
        )
    return bundle


def industry_license_save(
    *, code: str, bundle: Bundle, fields: dict[str, Any], actor
) -> IndustryLicense:
    """Creates or updates the composite license an industry's bundle yields (一业一证)."""
    with transaction.atomic():
        license_, created = IndustryLicense.objects.update_or_create(
            code=code, defaults={**fields, "bundle": bundle}
        )
        audit_record(
            actor=actor,
            action="industry_license.create" if created else "industry_license.update",
            obj=license_,
            summary=f"{'新建' if created else '更新'}一业一证「{license_.license_name}」",
        )
    return license_
