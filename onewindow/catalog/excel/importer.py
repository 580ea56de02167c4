"""Imports the implementation list: validate the whole workbook, then apply it in one
transaction through the catalog services, or write nothing at all."""

from dataclasses import asdict, dataclass, field
from io import BytesIO
from typing import Any

from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from onewindow.audit.services import audit_record
from onewindow.lib.errors import DomainError

from .. import services
from ..choices import Channel, Level, MatterStatus
from ..models import Bundle, IndustryLicense, Matter
from .columns import (
    MATTER_FIELD_HEADERS,
    SHEET_BUNDLES,
    SHEET_LICENSES,
    SHEET_MATERIALS,
    SHEET_MATTERS,
    SHEET_STEPS,
)
from .parse import (
    ParsedMatter,
    attach_children,
    parse_bundle,
    parse_license,
    parse_matter,
    unique_by_code,
)
from .reading import CatalogImportError, Refs, RowError, read_sheet

CONTENT_FIELDS = [f for f in MATTER_FIELD_HEADERS if f != "code"]
MATERIAL_KEYS = (
    *("name", "shared_code", "required", "is_core", "form", "medium", "copies"),
    *("source", "source_note", "notes"),
)
STEP_KEYS = ("kind", "name", "description", "usual_days")
BUNDLE_KEYS = (
    *("name", "audience", "lead_department", "promised_limit_days", "max_visits"),
    *("summary", "keywords", "is_published"),
)
LICENSE_KEYS = ("industry", "license_name", "validity_years", "summary")
_RANK = {
    "levels": {v: i for i, v in enumerate(Level.values)},
    "channels": {v: i for i, v in enumerate(Channel.values)},
}


@dataclass
class ImportSummary:
    dry_run: bool = False
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)  # a new published version
    updated: list[str] = field(default_factory=list)  # drafts edited in place
    published: list[str] = field(default_factory=list)  # drafts published
    retired: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    bundles_created: list[str] = field(default_factory=list)
    bundles_updated: list[str] = field(default_factory=list)
    bundles_unchanged: list[str] = field(default_factory=list)
    licenses_created: list[str] = field(default_factory=list)
    licenses_updated: list[str] = field(default_factory=list)
    licenses_unchanged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def lines(self) -> list[str]:
        n = {k: len(v) for k, v in self.as_dict().items() if isinstance(v, list)}
        return [
            f"事项：新建{n['created']}项，修订发布新版本{n['revised']}项，修改草稿{n['updated']}项，"
            f"发布草稿{n['published']}项，取消{n['retired']}项，未变{n['unchanged']}项",
            f"一件事：新建{n['bundles_created']}个，更新{n['bundles_updated']}个，"
            f"未变{n['bundles_unchanged']}个",
            f"一业一证：新建{n['licenses_created']}个，更新{n['licenses_updated']}个，"
            f"未变{n['licenses_unchanged']}个",
        ]

    def __str__(self) -> str:
        head = "校验通过（试运行，未写入）" if self.dry_run else "导入完成"
        return f"{head}。" + "；".join(self.lines())


def _norm(name: str, value):
    if isinstance(value, str):
        return value.strip()
    if name in _RANK:
        return tuple(sorted(value, key=lambda v: _RANK[name].get(v, 99)))
    return value


def _state(fields: dict, themes, co_departments, materials, steps) -> dict:
    """What a matter says, as comparable values: equal states need no new version."""
    state = {name: _norm(name, fields[name]) for name in CONTENT_FIELDS}
    state["themes"] = {t.pk for t in themes}
    state["co_departments"] = {d.pk for d in co_departments}
    state["materials"] = [tuple(_norm(k, m[k]) for k in MATERIAL_KEYS) for m in materials]
    state["steps"] = [tuple(_norm(k, s[k]) for k in STEP_KEYS) for s in steps]
    return state


def _db_state(m: Matter) -> dict:
    def values(row, keys):
        return {k: getattr(row, k) for k in keys}

    return _state(
        values(m, CONTENT_FIELDS),
        m.themes.all(),
        m.co_departments.all(),
        [values(x, MATERIAL_KEYS) for x in m.materials.all()],
        [values(x, STEP_KEYS) for x in m.steps.all()],
    )


def _parsed_state(p: ParsedMatter) -> dict:
    return _state(p.fields, p.themes, p.co_departments, p.materials, p.steps)


def _plan_matter(p: ParsedMatter, cur: Matter | None, open_drafts: set[str], errors) -> str:
    """What to do with one matter row: create, revise, update, publish, retire, unchanged."""

    def reject(column, message):
        errors.append(RowError(SHEET_MATTERS, p.row, column, message))
        return "reject"

    if cur is None:
        if p.status == MatterStatus.RETIRED:
            return reject("状态", "新事项不能以「已取消」状态导入")
        return "create"
    same = _db_state(cur) == _parsed_state(p)
    if cur.status == MatterStatus.PUBLISHED:
        if p.status == MatterStatus.DRAFT:
            return reject("状态", "已发布的事项不能改回草稿；内容有变化时会发布新版本")
        if p.status == MatterStatus.RETIRED:
            return "retire" if same else reject("状态", "取消事项时不能同时修改内容")
        if same:
            return "unchanged"
        if p.code in open_drafts:
            return reject("事项编码", "该事项已有未发布的修订草稿，请先在管理后台发布或删除草稿")
        return "revise"
    if cur.status == MatterStatus.DRAFT:
        if p.status == MatterStatus.RETIRED:
            return reject("状态", "草稿事项不能直接取消")
        if p.status == MatterStatus.PUBLISHED:
            return "publish" if same else "update+publish"
        return "unchanged" if same else "update"
    if p.status == MatterStatus.RETIRED and same:
        return "unchanged"
    return reject("状态", "事项已取消，不能通过导入修改或恢复")


def _input(p: ParsedMatter, cur: Matter | None) -> services.MatterInput:
    # Blank forms and samples are uploaded in the admin, not in Excel: keep them by name.
    files = {m.name: m for m in cur.materials.all()} if cur else {}
    materials = []
    for values in p.materials:
        old = files.get(values["name"])
        extra = {"template": old.template.name, "sample": old.sample.name} if old else {}
        materials.append({**values, **extra})
    return services.MatterInput(
        fields=dict(p.fields),
        materials=materials,
        steps=[dict(s) for s in p.steps],
        themes=p.themes,
        co_departments=p.co_departments,
    )


def _apply_matter(action: str, p: ParsedMatter, cur: Matter | None, actor) -> None:
    if action == "create":
        matter = services.matter_create(data=_input(p, None), actor=actor)
        if p.status == MatterStatus.PUBLISHED:
            services.matter_publish(matter=matter, actor=actor, valid_from=p.valid_from)
    elif action == "revise":
        changes = {
            k: p.fields[k]
            for k in CONTENT_FIELDS
            if _norm(k, p.fields[k]) != _norm(k, getattr(cur, k))
        }
        services.matter_revise(matter=cur, changes=changes, actor=actor, data=_input(p, cur))
    elif action == "retire":
        services.matter_retire(matter=cur, actor=actor, reason="导入实施清单")
    else:
        if action.startswith("update"):
            data = _input(p, cur)
            changes = {k: v for k, v in data.fields.items() if k != "code"}
            services.matter_update_draft(matter=cur, changes=changes, actor=actor, data=data)
        if action.endswith("publish"):
            services.matter_publish(matter=cur, actor=actor, valid_from=p.valid_from)


def _guarded(sheet: str, row: int, fn, *args, **kwargs) -> None:
    """A service that still says no (a concurrent edit, a rule checked only there)
    aborts the whole import, naming the row."""
    try:
        fn(*args, **kwargs)
    except DomainError as exc:
        message = exc.message
        if isinstance(exc.details, dict):  # field -> messages, from the model's validation
            message += "：" + "；".join(
                f"{MATTER_FIELD_HEADERS.get(k, k)}：{'、'.join(map(str, v))}"
                for k, v in exc.details.items()
            )
        raise CatalogImportError([RowError(sheet, row, "", message)]) from exc
    except IntegrityError as exc:
        message = "与数据库中已有的数据冲突，请刷新后重新导出再修改"
        raise CatalogImportError([RowError(sheet, row, "", message)]) from exc


def _open(source):
    if isinstance(source, bytes | bytearray):
        source = BytesIO(source)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        message = f"无法读取文件，请上传 Excel 工作簿（.xlsx）：{exc}"
        raise CatalogImportError([RowError("", None, "", message)]) from exc


def import_catalog(source, *, actor=None, dry_run: bool = False) -> ImportSummary:
    """Imports a workbook (bytes, a path or a file object). Raises CatalogImportError
    listing every bad cell, having written nothing; otherwise returns what changed."""
    wb = _open(source)
    try:
        with transaction.atomic():
            return _import(wb, actor=actor, dry_run=dry_run)
    finally:
        wb.close()


def _import(wb, *, actor, dry_run: bool) -> ImportSummary:
    errors: list[RowError] = []
    refs = Refs()
    current = {
        m.code: m
        for m in Matter.objects.current()
        .select_related("department")
        .prefetch_related("materials", "steps", "themes", "co_departments")
    }
    open_drafts = set(
        Matter.objects.filter(status=MatterStatus.DRAFT, is_current=False).values_list(
            "code", flat=True
        )
    )
    bundles_db = {
        b.code: b
        for b in Bundle.objects.select_related("lead_department").prefetch_related(
            "items", "themes"
        )
    }
    licenses_db = {x.code: x for x in IndustryLicense.objects.select_related("bundle")}

    rows = read_sheet(wb, SHEET_MATTERS, errors, required=True) or []
    matters = unique_by_code([(r, parse_matter(r, refs)) for r in rows], "事项编码")
    attach_children(
        matters,
        read_sheet(wb, SHEET_MATERIALS, errors, required=True) or [],
        read_sheet(wb, SHEET_STEPS, errors, required=True) or [],
        known=set(current),
    )
    known_codes = set(current) | set(matters)
    rows = read_sheet(wb, SHEET_BUNDLES, errors, required=False) or []
    bundles = unique_by_code([(r, parse_bundle(r, refs, known_codes)) for r in rows], "编码")
    holders = {x.bundle.code: x.code for x in licenses_db.values()}
    bundle_codes = set(bundles_db) | set(bundles)
    rows = read_sheet(wb, SHEET_LICENSES, errors, required=False) or []
    licenses = unique_by_code([(r, parse_license(r, bundle_codes, holders)) for r in rows], "编码")
    claimed: dict[str, int] = {}
    for lic in licenses.values():
        if lic.bundle_code in claimed:
            message = f"一件事「{lic.bundle_code}」已被第{claimed[lic.bundle_code]}行使用"
            errors.append(RowError(SHEET_LICENSES, lic.row, "一件事编码", message))
        claimed.setdefault(lic.bundle_code, lic.row)

    plan = [
        (_plan_matter(p, current.get(code), open_drafts, errors), p) for code, p in matters.items()
    ]
    if errors:
        raise CatalogImportError(errors)

    summary = ImportSummary(dry_run=dry_run)
    buckets = {
        "create": summary.created,
        "revise": summary.revised,
        "update": summary.updated,
        "retire": summary.retired,
        "unchanged": summary.unchanged,
        "publish": summary.published,
    }
    for action, p in plan:
        for part in action.split("+"):
            buckets[part].append(p.code)
        if not dry_run and action != "unchanged":
            _guarded(SHEET_MATTERS, p.row, _apply_matter, action, p, current.get(p.code), actor)

    for code, b in bundles.items():
        old = bundles_db.get(code)
        if old is not None and _bundle_same(old, b):
            summary.bundles_unchanged.append(code)
            continue
        (summary.bundles_updated if old else summary.bundles_created).append(code)
        if not dry_run:
            _guarded(
                SHEET_BUNDLES,
                b.row,
                services.bundle_save,
                code=b.code,
                fields=b.fields,
                matter_codes=b.matter_codes,
                themes=b.themes,
                actor=actor,
            )

    for code, lic in licenses.items():
        old = licenses_db.get(code)
        if (
            old is not None
            and old.bundle.code == lic.bundle_code
            and all(_norm(k, getattr(old, k)) == _norm(k, lic.fields[k]) for k in LICENSE_KEYS)
        ):
            summary.licenses_unchanged.append(code)
            continue
        (summary.licenses_updated if old else summary.licenses_created).append(code)
        if not dry_run:
            _guarded(
                SHEET_LICENSES,
                lic.row,
                services.industry_license_save,
                code=code,
                bundle=Bundle.objects.get(code=lic.bundle_code),
                fields=lic.fields,
                actor=actor,
            )

    if not dry_run:
        audit_record(
            actor=actor,
            action="catalog.import",
            obj=None,
            summary="导入实施清单：" + "；".join(summary.lines()),
            changes={k: v for k, v in summary.as_dict().items() if v and k != "dry_run"},
        )
    return summary


def _bundle_same(old: Bundle, new) -> bool:
    return (
        all(_norm(k, getattr(old, k)) == _norm(k, new.fields[k]) for k in BUNDLE_KEYS)
        and [item.matter_code for item in old.items.all()] == new.matter_codes
        and {t.pk for t in old.themes.all()} == {t.pk for t in new.themes}
    )
