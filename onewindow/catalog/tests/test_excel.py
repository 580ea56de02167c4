"""Excel import and export of the implementation list: a whole catalog round-trips through
one workbook, and a workbook with any bad row is rejected without writing anything."""

from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from onewindow.audit.models import AuditEvent
from onewindow.catalog import services
from onewindow.catalog.admin_excel import XLSX, export_selected_matters
from onewindow.catalog.choices import (
    Audience,
    MaterialForm,
    MaterialSource,
    MatterKind,
    MatterStatus,
    MatterType,
    OnlineLevel,
    RegionLevel,
    ServiceObject,
    StepKind,
)
from onewindow.catalog.excel import CatalogImportError, export_catalog, import_catalog
from onewindow.catalog.excel.columns import MATTER_COLUMNS, MATTER_FIELD_HEADERS
from onewindow.catalog.models import (
    Bundle,
    Department,
    IndustryLicense,
    Material,
    Matter,
    MatterStep,
    Region,
    Theme,
)

pytestmark = pytest.mark.django_db

FOOD, HEALTH, SIGN = "500199-XK-0001", "500199-XK-0002", "500199-BA-0003"
MATERIAL_FIELDS = (
    *("name", "shared_code", "required", "is_core", "form", "medium", "copies", "source"),
    *("source_note", "notes"),
)
BUNDLE_FIELDS = (
    *("name", "audience", "promised_limit_days", "max_visits", "summary", "keywords"),
    "is_published",
)


@pytest.fixture
def catalog():
    region = Region.objects.create(code="500199000000", name="清江区", level=RegionLevel.DISTRICT)
    market = Department.objects.create(code="SCJGJ", name="区市场监督管理局", region=region)
    health = Department.objects.create(code="WJW", name="区卫生健康委员会", region=region)
    theme = Theme.objects.create(code="open-shop", name="开饭店", audience=Audience.ENTERPRISE)
    food = services.matter_create(
        data=services.MatterInput(
            fields={
                "code": FOOD,
                "name": "食品经营许可",
                "matter_type": MatterType.LICENSING,
                "department": market,
                "implementing_body": "区市场监督管理局",
                "legal_basis": "《中华人民共和国食品安全法》第三十五条",
                "levels": ["COUNTY", "TOWNSHIP"],
                "channels": ["WINDOW", "ONLINE"],
                "online_level": OnlineLevel.ONLINE_PREREVIEW,
                "service_object": ServiceObject.BOTH,
                "kind": MatterKind.PROMISED,
                "legal_limit_days": 20,
                "promised_limit_days": 5,
                "max_visits": 1,
                "summary": "从事食品销售和餐饮服务，应当依法取得食品经营许可。",
                "conditions": "有与经营的食品品种、数量相适应的经营场所",
                "is_free": False,
                "fee_amount": Decimal("12.50"),
                "fee_description": "工本费 12.5 元",
                "keywords": "开饭店 开餐馆",
                "form_fields": [{"key": "shop_name", "label": "店铺名称", "required": True}],
            },
            materials=[
                {"name": "食品经营许可申请书", "shared_code": "FOOD_FORM"},
                {
                    "name": "营业执照",
                    "shared_code": "BIZ_LICENSE",
                    "is_core": False,
                    "form": MaterialForm.COPY,
                    "source": MaterialSource.GOVERNMENT,
                    "source_note": "市场监管部门核发，可免提交",
                },
            ],
            steps=[
                {"name": "受理", "usual_days": 1},
                {"name": "审查", "usual_days": 3},
                {"kind": StepKind.SPECIAL, "name": "现场核查", "usual_days": 5},
            ],
            themes=[theme],
            co_departments=[health],
        ),
        actor=None,
        publish=True,
    )
    hygiene = services.matter_create(
        data=services.MatterInput(
            fields={
                "code": HEALTH,
                "name": "公共场所卫生许可",
                "matter_type": MatterType.LICENSING,
                "department": health,
                "levels": ["COUNTY"],
                "channels": ["WINDOW"],
                "kind": MatterKind.PROMISED,
                "legal_limit_days": 20,
                "promised_limit_days": 10,
            },
            materials=[{"name": "卫生许可申请表"}],
            steps=[{"name": "受理"}],
        ),
        actor=None,
        publish=True,
    )
    services.matter_create(
        data=services.MatterInput(
            fields={
                "code": SIGN,
                "name": "户外招牌设置备案",
                "matter_type": MatterType.FILING,
                "department": market,
                "levels": ["TOWNSHIP"],
                "channels": ["WINDOW", "MOBILE"],
                "kind": MatterKind.IMMEDIATE,
                "legal_limit_days": 0,
                "promised_limit_days": 0,
                "max_visits": 0,
                "summary": "=1+1 看起来像公式，仍是文字",
            },
            materials=[{"name": "招牌设计图"}],
        ),
        actor=None,
    )
    bundle = services.bundle_save(
        code="open-restaurant",
        fields={
            "name": "我要开饭店",
            "audience": Audience.ENTERPRISE,
            "lead_department": market,
            "promised_limit_days": 5,
            "max_visits": 1,
            "summary": "食品经营与卫生许可一次办",
        },
        matter_codes=[FOOD, HEALTH],
        themes=[theme],
        actor=None,
    )
    IndustryLicense.objects.create(
        bundle=bundle, code="restaurant", industry="餐饮", license_name="餐饮行业综合许可证"
    )
    return {"food": food, "hygiene": hygiene, "market": market, "health": health}


def snapshot() -> dict:
    """Everything the workbook carries, per code, to compare before and after."""
    out = {}
    for m in Matter.objects.current().prefetch_related("themes", "co_departments"):
        row = {f: getattr(m, f) for f in MATTER_FIELD_HEADERS if f != "department"}
        row.update(
            department=m.department.code,
            status=m.status,
            version=m.version,
            valid_from=m.valid_from,
            themes=sorted(t.code for t in m.themes.all()),
            co_departments=sorted(d.code for d in m.co_departments.all()),
            materials=list(m.materials.values_list("order", *MATERIAL_FIELDS)),
            steps=list(m.steps.values_list("kind", "order", "name", "description", "usual_days")),
        )
        out[m.code] = row
    for b in Bundle.objects.prefetch_related("items", "themes"):
        out[f"bundle:{b.code}"] = {
            **{f: getattr(b, f) for f in BUNDLE_FIELDS},
            "lead_department": b.lead_department.code,
            "items": [i.matter_code for i in b.items.all()],
            "themes": sorted(t.code for t in b.themes.all()),
        }
    for lic in IndustryLicense.objects.all():
        out[f"license:{lic.code}"] = (
            lic.bundle.code,
            lic.industry,
            lic.license_name,
            lic.validity_years,
            lic.summary,
        )
    return out


def counts() -> dict:
    models = (Matter, Material, MatterStep, Bundle, IndustryLicense, AuditEvent)
    return {model.__name__: model.objects.count() for model in models}


class Book:
    """An exported workbook opened for editing the way a clerk would."""

    def __init__(self, content: bytes):
        self.wb = openpyxl.load_workbook(BytesIO(content))

    def column(self, sheet: str, header: str) -> int:
        headers = [c.value for c in self.wb[sheet][1]]
        return headers.index(header) + 1

    def row_of(self, code: str, sheet: str = "事项") -> int:
        for cell in self.wb[sheet]["A"]:
            if cell.value == code:
                return cell.row
        raise KeyError(code)

    def set(self, sheet: str, row: int, header: str, value) -> None:
        # ws.cell(value=None) would leave the cell as it was; a clerk's blank is None.
        self.wb[sheet].cell(row=row, column=self.column(sheet, header)).value = value

    def get(self, sheet: str, row: int, header: str):
        return self.wb[sheet].cell(row=row, column=self.column(sheet, header)).value

    def append(self, sheet: str, **values) -> int:
        ws = self.wb[sheet]
        headers = [c.value for c in ws[1]]
        ws.append([values.get(h) for h in headers])
        return ws.max_row

    def copy_row(self, sheet: str, row: int, **changes) -> int:
        ws = self.wb[sheet]
        headers = [c.value for c in ws[1]]
        values = {h: ws.cell(row=row, column=i).value for i, h in enumerate(headers, 1)}
        return self.append(sheet, **{**values, **changes})

    def bytes(self) -> bytes:
        out = BytesIO()
        self.wb.save(out)
        return out.getvalue()


def test_an_exported_catalog_imports_back_into_an_empty_catalog_field_by_field(catalog):
    before = snapshot()
    content = export_catalog()
    IndustryLicense.objects.all().delete()
    Bundle.objects.all().delete()
    Matter.objects.all().delete()

    summary = import_catalog(content)

    assert sorted(summary.created) == sorted([FOOD, HEALTH, SIGN])
    assert summary.bundles_created == ["open-restaurant"]
    assert summary.licenses_created == ["restaurant"]
    assert snapshot() == before
    assert Matter.objects.get(code=SIGN).status == MatterStatus.DRAFT


def test_reimporting_an_unchanged_export_creates_no_version_and_changes_nothing(catalog):
    before, rows = snapshot(), counts()

    summary = import_catalog(export_catalog())

    assert sorted(summary.unchanged) == sorted([FOOD, HEALTH, SIGN])
    assert summary.created == summary.revised == summary.updated == summary.published == []
    assert summary.bundles_unchanged == ["open-restaurant"]
    assert summary.licenses_unchanged == ["restaurant"]
    assert snapshot() == before
    # One audit event says who imported what; nothing else is written.
    assert counts() == {**rows, "AuditEvent": rows["AuditEvent"] + 1}
    assert AuditEvent.objects.first().action == "catalog.import"


def test_changing_a_promised_limit_publishes_version_2_and_keeps_version_1_superseded(catalog):
    book = Book(export_catalog())
    book.set("事项", book.row_of(FOOD), "承诺时限", 3)

    summary = import_catalog(book.bytes())

    assert summary.revised == [FOOD]
    assert sorted(summary.unchanged) == sorted([HEALTH, SIGN])
    v1, v2 = Matter.objects.filter(code=FOOD).order_by("version")
    assert (v1.status, v1.is_current, v1.promised_limit_days) == (
        MatterStatus.SUPERSEDED,
        False,
        5,
    )
    assert (v2.version, v2.status, v2.is_current, v2.promised_limit_days) == (
        2,
        MatterStatus.PUBLISHED,
        True,
        3,
    )
    assert [m.name for m in v2.materials.all()] == ["食品经营许可申请书", "营业执照"]
    assert v2.steps.filter(kind=StepKind.SPECIAL).count() == 1
    assert v1.materials.count() == 2  # the old version keeps its own materials
    # Importing the same file again finds nothing new.
    assert import_catalog(book.bytes()).revised == []


def test_a_workbook_with_three_bad_rows_is_rejected_whole_and_writes_nothing(catalog):
    before, rows = snapshot(), counts()
    book = Book(export_catalog())
    book.set("事项", book.row_of(HEALTH), "承诺时限", 1)  # a good change, listed first
    good = book.copy_row("事项", book.row_of(HEALTH), 事项编码="NEW-1", 事项名称="新事项")
    missing_name = book.copy_row("事项", good, 事项编码="NEW-2", 事项名称=None)
    too_slow = book.copy_row("事项", good, 事项编码="NEW-3", 法定时限=20, 承诺时限=30)
    nowhere = book.copy_row("事项", good, 事项编码="NEW-4", 部门编码=None, 主管部门="区不存在局")

    with pytest.raises(CatalogImportError) as caught:
        import_catalog(book.bytes())

    errors = caught.value.errors
    assert [(e.sheet, e.row, e.column) for e in errors] == [
        ("事项", missing_name, "事项名称"),
        ("事项", too_slow, "承诺时限"),
        ("事项", nowhere, "主管部门"),
    ]
    assert str(errors[1]) == f"「事项」第{too_slow}行「承诺时限」：承诺时限(30)不得超过法定时限(20)"
    assert "区不存在局" in errors[2].message
    assert "共3处错误" in caught.value.message
    assert counts() == rows
    assert snapshot() == before


def test_a_choice_is_read_from_its_label_or_its_raw_value_and_a_bad_one_is_named(catalog):
    book = Book(export_catalog())
    book.set("事项", book.row_of(HEALTH), "事项类型", "CONFIRMATION")
    book.set("事项", book.row_of(HEALTH), "行使层级", "县级,  乡镇级")
    book.set("办理环节", book.row_of(HEALTH, "办理环节"), "类型", "特殊环节（不计入时限）")
    assert import_catalog(book.bytes()).revised == [HEALTH]
    hygiene = Matter.objects.current().get(code=HEALTH)
    assert hygiene.matter_type == MatterType.CONFIRMATION
    assert hygiene.levels == ["COUNTY", "TOWNSHIP"]
    assert hygiene.steps.get().kind == StepKind.SPECIAL

    book.set("事项", book.row_of(FOOD), "办件类型", "马上办")
    with pytest.raises(CatalogImportError) as caught:
        import_catalog(book.bytes())
    [error] = caught.value.errors
    assert (error.row, error.column) == (book.row_of(FOOD), "办件类型")
    assert "马上办" in error.message and "即办件" in error.message


def test_a_material_of_an_unknown_matter_code_is_rejected(catalog):
    book = Book(export_catalog())
    row = book.append("申请材料", 事项编码="NO-SUCH-CODE", 材料名称="身份证")

    with pytest.raises(CatalogImportError) as caught:
        import_catalog(book.bytes())

    [error] = caught.value.errors
    assert (error.sheet, error.row, error.column) == ("申请材料", row, "事项编码")
    assert "NO-SUCH-CODE" in error.message


def test_duplicate_codes_bad_json_and_unknown_bundle_matters_are_each_reported(catalog):
    book = Book(export_catalog())
    dup = book.copy_row("事项", book.row_of(HEALTH))
    book.set("事项", book.row_of(FOOD), "申请表字段", '[{"key": "shop_name",}]')
    book.set("一件事", 2, "包含事项编码", f"{FOOD}\nGHOST-1")
    book.set("一业一证", 2, "一件事编码", "no-bundle")

    with pytest.raises(CatalogImportError) as caught:
        import_catalog(book.bytes())

    found = {(e.sheet, e.row, e.column) for e in caught.value.errors}
    assert found == {
        ("事项", book.row_of(FOOD), "申请表字段"),
        ("事项", dup, "事项编码"),
        ("一件事", 2, "包含事项编码"),
        ("一业一证", 2, "一件事编码"),
    }


def test_a_draft_is_edited_in_place_and_a_blank_status_publishes_it(catalog):
    book = Book(export_catalog())
    row = book.row_of(SIGN)
    assert book.get("事项", row, "状态") == "草稿"
    book.set("事项", row, "事项名称", "户外招牌设施设置备案")

    assert import_catalog(book.bytes()).updated == [SIGN]
    draft = Matter.objects.get(code=SIGN)
    assert (draft.version, draft.status, draft.name) == (
        1,
        MatterStatus.DRAFT,
        "户外招牌设施设置备案",
    )

    book.set("事项", row, "状态", None)
    assert import_catalog(book.bytes()).published == [SIGN]
    assert Matter.objects.get(code=SIGN).status == MatterStatus.PUBLISHED


def test_status_cancelled_retires_a_matter_which_the_import_then_leaves_alone(catalog):
    book = Book(export_catalog())
    book.set("事项", book.row_of(HEALTH), "状态", "已取消")

    assert import_catalog(book.bytes()).retired == [HEALTH]
    assert Matter.objects.current().get(code=HEALTH).status == MatterStatus.RETIRED
    assert import_catalog(book.bytes()).retired == []

    book.set("事项", book.row_of(HEALTH), "承诺时限", 1)
    book.copy_row("事项", book.row_of(FOOD), 事项编码="NEW-1")
    with pytest.raises(CatalogImportError) as caught:
        import_catalog(book.bytes())
    assert [(e.row, e.column) for e in caught.value.errors] == [
        (book.row_of(HEALTH), "状态"),
    ]


def test_a_matter_with_an_open_revision_draft_is_not_revised_over_it(catalog):
    services.matter_start_revision(matter=catalog["food"], actor=None)
    book = Book(export_catalog())
    assert import_catalog(book.bytes()).unchanged.count(FOOD) == 1

    book.set("事项", book.row_of(FOOD), "承诺时限", 2)
    with pytest.raises(CatalogImportError) as caught:
        import_catalog(book.bytes())
    [error] = caught.value.errors
    assert (error.row, error.column) == (book.row_of(FOOD), "事项编码")
    assert "修订草稿" in error.message


def test_the_export_is_styled_for_a_clerk_and_keeps_formula_like_text_as_text(catalog):
    wb = openpyxl.load_workbook(BytesIO(export_catalog()))
    assert wb.sheetnames == ["事项", "申请材料", "办理环节", "一件事", "一业一证", "填写说明"]
    ws = wb["事项"]
    assert [c.value for c in ws[1]] == [c.header for c in MATTER_COLUMNS]
    assert ws["A1"].font.bold and ws.freeze_panes == "B2"
    assert ws.column_dimensions["B"].width == 30
    food = [c.value for c in ws[Book(export_catalog()).row_of(FOOD)]]
    assert "行政许可" in food and "县级、乡镇级" in food and "区市场监督管理局" in food
    sign = ws[Book(export_catalog()).row_of(SIGN)]
    summary_cell = sign[[c.header for c in MATTER_COLUMNS].index("事项简介")]
    assert summary_cell.data_type == "s"


def test_every_content_field_of_a_matter_has_a_column():
    skip = {"id", "version", "status", "is_current", "valid_from", "valid_to", "published_at"}
    skip |= {"created_at", "updated_at"}
    fields = {f.name for f in Matter._meta.concrete_fields} - skip
    assert fields <= set(MATTER_FIELD_HEADERS)
    assert set(MATTER_FIELD_HEADERS.values()) <= {c.header for c in MATTER_COLUMNS}


def test_export_costs_the_same_queries_however_large_the_catalog(
    catalog, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        export_catalog()
    food = catalog["food"]
    for i in range(3):
        services.matter_revise(matter=food, changes={"promised_limit_days": 4 - i}, actor=None)
        food = Matter.objects.current().get(code=FOOD)
        services.matter_create(
            data=services.MatterInput(
                fields={**{f: getattr(food, f) for f in MATTER_FIELD_HEADERS}, "code": f"X-{i}"},
                materials=[{"name": "身份证"}],
                steps=[{"name": "受理"}],
            ),
            actor=None,
            publish=True,
        )
    with django_assert_num_queries(len(small.captured_queries)):
        export_catalog()


def test_import_command_prints_the_row_report_and_exits_non_zero(catalog, tmp_path, capsys):
    book = Book(export_catalog())
    book.set("事项", book.row_of(FOOD), "承诺时限", 99)
    path = tmp_path / "bad.xlsx"
    path.write_bytes(book.bytes())
    rows = counts()

    with pytest.raises(CommandError) as caught:
        call_command("import_catalog", str(path))

    assert caught.value.returncode == 1
    err = capsys.readouterr().err
    assert f"「事项」第{book.row_of(FOOD)}行「承诺时限」：承诺时限(99)不得超过法定时限(20)" in err
    assert counts() == rows


def test_export_and_import_commands_round_trip_and_dry_run_writes_nothing(
    catalog, tmp_path, capsys
):
    path = tmp_path / "catalog.xlsx"
    call_command("export_catalog", str(path))
    book = Book(path.read_bytes())
    book.set("事项", book.row_of(HEALTH), "承诺时限", 2)
    path.write_bytes(book.bytes())
    rows = counts()

    call_command("import_catalog", str(path), "--dry-run")
    assert "修订发布新版本1项" in capsys.readouterr().out
    assert counts() == rows

    call_command("import_catalog", str(path))
    assert Matter.objects.current().get(code=HEALTH).version == 2


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "x")
    client.force_login(user)
    return client


@pytest.mark.urls("onewindow.catalog.tests.excel_urls")
def test_the_admin_export_view_returns_an_xlsx(catalog, admin_client):
    response = admin_client.get(reverse("admin:catalog_excel_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    wb = openpyxl.load_workbook(BytesIO(response.content))
    assert wb["事项"].max_row == 4


@pytest.mark.urls("onewindow.catalog.tests.excel_urls")
def test_the_admin_import_view_shows_the_row_report_or_the_summary(catalog, admin_client):
    url = reverse("admin:catalog_excel_import")
    assert "上传并导入" in admin_client.get(url).content.decode()
    book = Book(export_catalog())
    book.set("事项", book.row_of(HEALTH), "主管部门", "区不存在局")
    book.set("事项", book.row_of(HEALTH), "部门编码", None)
    rows = counts()

    upload = SimpleUploadedFile("catalog.xlsx", book.bytes(), content_type=XLSX)
    response = admin_client.post(url, {"file": upload})

    page = response.content.decode()
    assert response.status_code == 422
    assert "共1处错误" in page and f"第{book.row_of(HEALTH)}行" in page and "区不存在局" in page
    assert counts() == rows

    book.set("事项", book.row_of(HEALTH), "主管部门", "WJW")
    upload = SimpleUploadedFile("catalog.xlsx", book.bytes(), content_type=XLSX)
    response = admin_client.post(url, {"file": upload})
    assert response.status_code == 200
    assert "导入完成" in response.content.decode() and "未变3项" in response.content.decode()


@pytest.mark.urls("onewindow.catalog.tests.excel_urls")
def test_the_admin_import_view_refuses_a_file_that_is_not_a_workbook(admin_client):
    upload = SimpleUploadedFile("catalog.xlsx", b"not a zip", content_type=XLSX)
    response = admin_client.post(reverse("admin:catalog_excel_import"), {"file": upload})
    assert response.status_code == 422
    assert "无法读取文件" in response.content.decode()


@pytest.mark.urls("onewindow.catalog.tests.excel_urls")
def test_the_excel_pages_are_for_staff_only(client):
    response = client.get(reverse("admin:catalog_excel_export"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_admin_action_exports_the_current_version_of_each_selected_matter(catalog, rf):
    services.matter_revise(matter=catalog["food"], changes={"promised_limit_days": 4}, actor=None)
    selected = Matter.objects.filter(code=FOOD, version=1)

    response = export_selected_matters(None, rf.get("/"), selected)

    wb = openpyxl.load_workbook(BytesIO(response.content))
    rows = list(wb["事项"].iter_rows(min_row=2, values_only=True))
    promised = [c.header for c in MATTER_COLUMNS].index("承诺时限")
    assert [(r[0], r[promised]) for r in rows] == [(FOOD, 4)]
    assert wb["一件事"].max_row == 1
