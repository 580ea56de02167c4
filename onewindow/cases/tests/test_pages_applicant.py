"""Applying online with uploads, and the window's pre-review of what came in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.accounts.models import ApplicantAccount
from onewindow.cases.choices import CaseStatus
from onewindow.cases.models import Applicant, Case

from .conftest import GOOD_FORM, person_id
from .test_pages_support import PDF, PNG, PROVIDED, intake_data, newest_case, text

URL = "/cases/apply/matter/XK-001/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def uploads(**overrides):
    files = {
        "u-u0": SimpleUploadedFile("申请书.pdf", PDF, "application/pdf"),
        "u-u1": SimpleUploadedFile("licence.png", PNG, "image/png"),
        "u-u2": SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
    }
    files.update(overrides)
    return {k: v for k, v in files.items() if v is not None}


def apply(client, **overrides):
    data = {f"f-{k}": v for k, v in GOOD_FORM.items()}
    data["key"] = "k1"
    return client.post(URL, {**data, **uploads(**overrides)})


def test_an_applicant_applies_online_and_the_window_accepts(client, people, applicant):
    client.force_login(people["citizen"])
    page = client.get(URL)
    assert page.status_code == 200 and "卫生检测报告" in text(page)
    response = apply(client)
    case = newest_case()
    assert response.status_code == 302 and response.url == f"/cases/{case.number}/"
    assert case.status == CaseStatus.SUBMITTED and case.channel == "ONLINE"
    assert case.applicant == applicant and case.service_point is None
    assert all(m.file for m in case.materials.all()) and case.materials.count() == 3
    assert case.number in text(client.get("/cases/mine/"))

    client.force_login(people["clerk"])  # the hall takes up online cases
    assert case.title in text(client.get("/cases/workbench/"))
    page = client.get(f"/cases/{case.number}/")
    assert "材料预审与受理" in text(page) and "查看上传文件" in text(page)
    data = intake_data(PROVIDED, PROVIDED, PROVIDED)
    assert client.post(f"/cases/{case.number}/pre-review/", data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED


def test_uploads_must_be_real_pdf_jpg_or_png_and_required_ones_present(client, people, applicant):
    client.force_login(people["citizen"])
    exe = apply(client, **{"u-u0": SimpleUploadedFile("form.exe", b"MZ", "application/octet-stream")})  # fmt: skip
    assert exe.status_code == 422 and "只接受 PDF、JPG、PNG" in text(exe)
    fake = apply(client, **{"u-u1": SimpleUploadedFile("x.png", b"%PDF-1.4", "image/png")})
    assert fake.status_code == 422 and "文件内容与扩展名不符" in text(fake)
    missing = apply(client, **{"u-u2": None})
    assert missing.status_code == 422 and "请上传这项材料" in text(missing)
    assert Case.objects.count() == 0


def test_a_first_application_registers_the_account_as_applicant(client, people, district):
    user = people["other_citizen"]
    ApplicantAccount.objects.create(
        user=user, kind="PERSON", name="王五", id_number=person_id("50011219850101001"), phone="13700000000"
    )  # fmt: skip
    client.force_login(user)
    assert 'value="王五"' in client.get(URL).content.decode()
    assert apply(client).status_code == 302
    assert Applicant.objects.get(user=user).name == "王五"
    assert newest_case().applicant.user == user


def test_an_account_without_identity_is_told_to_come_to_the_window(client, people, district):
    client.force_login(people["other_citizen"])
    page = client.get(URL)
    assert "还没有实名信息" in text(page) and 'type="file"' not in page.content.decode()
    assert apply(client).status_code == 403


def test_a_matter_not_offered_online_says_so(client, people, applicant):
    client.force_login(people["citizen"])
    page = client.get("/cases/apply/matter/QR-002/")
    assert "暂不支持网上办理" in text(page)
    response = client.post("/cases/apply/matter/QR-002/", {"f-applicant_name": "张三", "f-phone": "13800000000", "u-u0": SimpleUploadedFile("id.png", PNG, "image/png")})  # fmt: skip
    assert response.status_code == 409 and "不支持通过此渠道申请" in text(response)


def test_a_bundle_is_applied_for_with_one_form(client, people, applicant):
    client.force_login(people["citizen"])
    page = client.get("/cases/apply/bundle/open-shop/")
    assert page.status_code == 200 and "出生医学证明" in text(page)
    assert client.get("/cases/apply/bundle/nope/").status_code == 404
