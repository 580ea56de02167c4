"""The license PDF and the revocation notice draw their Chinese text with an embedded CJK
font and carry the QR code of the public verify page."""

import re
import subprocess

import pytest
from django.urls import reverse

from onewindow.licenses import documents, services
from onewindow.licenses.models import License


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return re.sub(r"\s+", "", out.stdout.decode())


def pdf_fonts(pdf: bytes) -> str:
    return subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def lic(approved):
    return License.objects.get(case=approved())


def test_the_license_pdf_draws_its_chinese_text(lic, settings):
    pdf = documents.render_license_pdf(lic)
    text = pdf_text(pdf)
    for expected in ["电子证照", "公共场所卫生许可", "张三", lic.holder_id_number, lic.number,
                     "清江区市场监督管理局", "扫码核验真伪与状态", "有效期限"]:  # fmt: skip
        assert expected in text, expected
    cjk = [line for line in pdf_fonts(pdf).splitlines() if "CJK-SC" in line]
    assert cjk and all(" yes yes yes " in line for line in cjk)  # embedded, subset, unicode
    assert (
        documents.verify_url(lic)
        == f"{settings.SITE_URL.rstrip('/')}{reverse('licenses:verify', args=[lic.number])}"
    )
    assert reverse("licenses:verify", args=[lic.number]) in text


def test_the_composite_pdf_lists_every_permit(industry, approved):
    case = approved(bundle="open-shop", matter=None)
    composite = License.objects.get(case=case, kind="COMPOSITE")
    text = pdf_text(documents.render_license_pdf(composite))
    assert "小店行业综合许可证" in text and "本证集成的许可（共2项" in text
    for permit in composite.permits.all():
        assert permit.number in text and permit.title in text


def test_the_revocation_notice_gives_the_reason_and_the_remedies(lic, people):
    services.license_revoke(
        license_id=lic.pk, actor=people["food_reviewer"], reason="以欺骗手段取得许可"
    )
    lic = License.objects.select_related("department__region").get(pk=lic.pk)
    text = pdf_text(documents.render_revocation_pdf(lic))
    for expected in ["撤销行政许可决定书", f"撤销〔{lic.number}〕号", "以欺骗手段取得许可",
                     "第六十九条", "六十日内向清江区人民政府申请行政复议", "六个月内"]:  # fmt: skip
        assert expected in text, expected
