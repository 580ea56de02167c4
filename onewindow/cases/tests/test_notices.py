"""三书一单 as PDF: each kind carries what the law and the applicant need, the Chinese
text is really drawn (not empty boxes), and only those who may see the case get it.

Text is read back with poppler-utils (pdftotext, pdffonts, pdftoppm), which the
set-up installs with the CJK fonts. PNGs of each kind are written to
var/screenshots/notice-<kind>.png for a person to look at.
"""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from PIL import Image

from onewindow.cases import services
from onewindow.cases.choices import NoticeKind
from onewindow.cases.models import Notice
from onewindow.cases.notices import (
    cn_date,
    due_date,
    notice_filename,
    notice_title,
    progress_url,
    render_notice_html,
    render_notice_pdf,
)
from onewindow.catalog.models import Department, Matter, ServicePoint
from onewindow.lib import qr
from onewindow.lib.pdf import html_to_pdf

from .conftest import GOOD_FORM, company_id

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm")),
    reason="poppler-utils is not installed",
)

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
MATERIALS = [{"name": "公共场所卫生许可申请书"}, {"name": "营业执照"}, {"name": "卫生检测报告"}]
SUPPLEMENT_ITEMS = [
    {"name": "营业执照", "problem": "复印件不清晰，请提供加盖公章的清晰复印件"},
    {"name": "卫生检测报告", "problem": "缺少，须由具备资质的检测机构出具，且在有效期内"},
    {"name": "从业人员健康合格证明", "problem": "缺少，须覆盖全部直接为顾客服务的从业人员"},
]
REFUSAL_REASON = "申请事项依法不属于本机关职权范围，请向清江区卫生健康委员会申请。"
DENIAL_OPINIONS = {
    "XF": "经现场检查，疏散通道宽度不足1.4米，不符合《建筑设计防火规范》要求",
    "SCJG": "经现场核查，经营场所布局不符合卫生要求，清洁区与污染区未分隔",
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The shared fixtures create eight users; the default PBKDF2 hashing made set-up
    # cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dressed(district):
    """Phones, addresses and a legal basis, as the demo catalog has them."""
    Department.objects.filter(pk=district["food"].pk).update(
        phone="023-67100031", address="清江区滨江路66号"
    )
    Matter.objects.filter(pk=district["licence"].pk).update(
        legal_basis="《公共场所卫生管理条例》第八条；《公共场所卫生管理条例实施细则》第二十二条",
        consult_phone="023-67100031",
    )
    ServicePoint.objects.filter(pk=district["hall"].pk).update(
        address="清江区政务大道1号", phone="023-67100000"
    )
    return district


@pytest.fixture
def notice_of(dressed, submit, accepted, people):
    """The notice of `kind` on a fresh case of the licensing matter, issued by the services."""
    clerk = people["clerk"]

    def make(kind):
        at_window = {"materials": MATERIALS, "window": dressed["window"]}
        if kind in (NoticeKind.ACCEPTANCE, NoticeKind.DENIAL):
            case = accepted(**at_window)
        else:
            case = submit(**at_window)
            services.case_pre_review(case_id=case.pk, actor=clerk)
        if kind == NoticeKind.SUPPLEMENT:
            services.case_request_supplement(case_id=case.pk, actor=clerk, items=SUPPLEMENT_ITEMS)
        elif kind == NoticeKind.REFUSAL:
            services.case_refuse(case_id=case.pk, actor=clerk, reason=REFUSAL_REASON)
        elif kind == NoticeKind.DENIAL:
            reviewers = {"XF": people["fire_reviewer"], "SCJG": people["food_reviewer"]}
            for review in case.reviews.filter(step=1).select_related("department"):
                code = review.department.code
                services.review_decide(review_id=review.pk, actor=reviewers[code], approve=False,
                                       opinion=DENIAL_OPINIONS[code])  # fmt: skip
        # Loaded afresh: the case built by the fixtures holds stale catalog objects.
        return Notice.objects.get(case=case, kind=kind)

    return make


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    """The text of the PDF (or of one page) with all whitespace removed: line breaks
    and letter spacing split words anywhere in Chinese text."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", *pages, "-", "-"]
    out = subprocess.run(command, input=pdf, capture_output=True, check=True)
    return squash(out.stdout.decode())


def pdf_fonts(pdf: bytes) -> str:
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode()


def pdf_png(pdf: bytes, dpi: int = 100, page: int = 1) -> bytes:
    """One page as PNG (this pdftoppm cannot write PNG to stdout: a scratch directory)."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "page"
        pages = ["-f", str(page), "-l", str(page), "-singlefile"]
        command = ["pdftoppm", "-png", "-r", str(dpi), *pages, "-", str(root)]
        subprocess.run(command, input=pdf, capture_output=True, check=True)
        return root.with_suffix(".png").read_bytes()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(pdf: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each word pdftotext finds, with its box in points."""
    command = ["pdftotext", "-bbox", "-", "-"]
    out = subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [(m[5], tuple(float(v) for v in m.groups()[:4])) for m in re.finditer(pattern, out)]


def word_box(pdf: bytes, text: str) -> tuple[float, float, float, float]:
    return next(box for word, box in words(pdf) if squash(word) == text)


def to_pixels(box, dpi: int) -> tuple[int, int, int, int]:
    scale = dpi / 72
    return tuple(round(v * scale) for v in box)


def rows_of(image: Image.Image) -> list[list[int]]:
    data = image.tobytes()  # mode L: one byte per pixel
    return [data[y * image.width : (y + 1) * image.width] for y in range(image.height)]


def split_glyphs(line: Image.Image) -> list[Image.Image]:
    """Cuts a line of text into characters at the columns where the title's letter
    spacing leaves no ink (gaps of 5 px or more at 100 dpi: wider than any gap
    inside one character of this size)."""
    columns = [any(row[x] < 128 for row in rows_of(line)) for x in range(line.width)]
    glyphs, start, gap = [], None, 0
    for x, inked in enumerate([*columns, *[False] * 5]):
        if inked:
            start, gap = (x if start is None else start), 0
        elif start is not None:
            gap += 1
            if gap == 5:
                glyphs.append(line.crop((start, 0, x - gap + 1, line.height)))
                start, gap = None, 0
    return glyphs


@pytest.mark.parametrize("kind", NoticeKind.values)
def test_each_notice_names_the_case_the_applicant_the_matter_and_the_issuer(notice_of, kind):
    notice = notice_of(kind)
    case = notice.case
    pdf = render_notice_pdf(notice)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    for expected in (
        notice_title(notice),
        notice.number,
        case.number,
        case.applicant.name,
        case.applicant.masked_id,
        "公共场所卫生许可",
        "清江区市场监督管理局",  # the issuing body in full, not the catalog's 区市场监督管理局
        f"{notice.issued_at.year}年",
        "（印章）",
        "扫码查询办理进度",
        progress_url(case),
        "023-67100031",
        "12345",
    ):
        assert squash(expected) in text, expected
    assert case.applicant.id_number not in text  # only the masked number is printed
    assert "第1页/共1页" in text  # a usual case fits on one sheet
    # For a person to look at: var/screenshots/notice-<kind>.png
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"notice-{kind.lower()}.png").write_bytes(pdf_png(pdf))


def test_the_acceptance_slip_states_the_limits_and_the_materials(notice_of):
    notice = notice_of(NoticeKind.ACCEPTANCE)
    case = notice.case
    html = render_notice_html(notice)
    text = pdf_text(render_notice_pdf(notice))
    assert "申请材料齐全、符合法定形式" in text and "决定予以受理" in text
    assert "第三十二条第一款第（五）项" in text  # a licensing matter cites the law
    assert "承诺办结时限为10个工作日（法定时限20个工作日）" in text
    assert f"预计于{cn_date(due_date(case))}前办结" in text
    assert "不计入办理时限" in text
    for material in case.materials.all():
        assert material.name in text
    assert "申请人签收" in html  # taken at a window: the applicant signs for the slip


def test_the_supplement_notice_lists_every_item_once_and_how_to_complete(notice_of):
    notice = notice_of(NoticeKind.SUPPLEMENT)
    text = pdf_text(render_notice_pdf(notice))
    assert "一次性告知" in text
    for number, item in enumerate(SUPPLEMENT_ITEMS, start=1):
        assert squash(f"{number}{item['name']}{item['problem']}") in text
    assert "办理时限不开始计算" in text
    assert "在线补正" in text and "任一政务服务窗口" in text
    assert "区政务服务中心" in text and "023-67100000" in text  # where to go, whom to call


def test_the_refusal_gives_the_reason_and_the_remedies(notice_of):
    notice = notice_of(NoticeKind.REFUSAL)
    text = pdf_text(render_notice_pdf(notice))
    assert "决定不予受理" in text
    assert squash(REFUSAL_REASON) in text
    assert "六十日内向清江区人民政府申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text


def test_the_denial_gives_each_reason_the_legal_basis_and_the_remedies(notice_of):
    notice = notice_of(NoticeKind.DENIAL)
    assert notice_title(notice) == "不予行政许可决定书"
    text = pdf_text(render_notice_pdf(notice))
    for opinion in DENIAL_OPINIONS.values():
        assert squash(opinion) in text
    assert "《公共场所卫生管理条例》第八条" in text
    assert "第三十八条第二款" in text and "决定不予行政许可" in text
    assert "六十日内向清江区人民政府申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text


def test_the_qr_code_holds_the_progress_url(settings, notice_of):
    settings.SITE_URL = "https://zwfw.qingjiang.gov.cn/"
    notice = notice_of(NoticeKind.ACCEPTANCE)
    url = progress_url(notice.case)
    assert url == f"https://zwfw.qingjiang.gov.cn/cases/progress/{notice.case.number}/"
    code = qr.make(url)
    assert code.error == "M" and not code.is_micro
    # The matrix in the page is exactly segno's for that URL (decoding needs zbar).
    assert qr.qr_data_uri(url) == segno.make(url, error="m", micro=False).svg_data_uri(
        scale=4, border=4, dark="#000"
    )
    assert qr.qr_data_uri(url) in render_notice_html(notice)
    svg = qr.qr_svg(url)
    assert svg.startswith("<svg") and 'width="' in svg


def test_the_chinese_text_is_drawn_not_tofu(notice_of):
    """The font is Noto CJK, embedded, and the title's glyphs are inked and distinct
    (a glyph missing from the font is drawn as the same empty box every time)."""
    pdf = render_notice_pdf(notice_of(NoticeKind.ACCEPTANCE))
    fonts = pdf_fonts(pdf)
    cjk = [line for line in fonts.splitlines() if "Noto" in line and "CJK" in line]
    assert cjk and all(" yes yes " in line for line in cjk), fonts  # embedded, subset
    page = Image.open(io.BytesIO(pdf_png(pdf, dpi=100))).convert("L")
    assert page.size == (827, 1170)  # A4 at 100 dpi
    title = page.crop(to_pixels(word_box(pdf, "受理通知单"), 100))
    glyphs = split_glyphs(title)
    assert len(glyphs) == len("受理通知单"), len(glyphs)
    for glyph in glyphs:
        ink = sum(1 for p in glyph.tobytes() if p < 128)
        assert ink > 0.15 * glyph.width * glyph.height  # a bold 24 pt glyph, not an outline
    shapes = [g.resize((16, 16)).point(lambda p: p < 128).tobytes() for g in glyphs]
    for i, a in enumerate(shapes):
        for b in shapes[i + 1 :]:
            assert sum(x != y for x, y in zip(a, b, strict=True)) > 30  # > 12% differ


def test_the_printed_qr_code_is_the_code_of_the_progress_url(notice_of):
    """Decoding needs zbar; instead the printed modules are read back off the page
    and compared with segno's matrix for the URL."""
    notice = notice_of(NoticeKind.ACCEPTANCE)
    pdf = render_notice_pdf(notice)
    dpi = 200
    page = Image.open(io.BytesIO(pdf_png(pdf, dpi=dpi))).convert("L")
    caption = to_pixels(word_box(pdf, "扫码查询办理进度"), dpi)
    # The code sits left of its caption; walk up and down from the caption's row to
    # the blank quiet zone around it.
    strip = page.crop((0, 0, caption[0] - 4, page.height))
    inked = [any(p < 128 for p in row) for row in rows_of(strip)]
    top = bottom = caption[1]
    while any(inked[top - 3 : top]):
        top -= 1
    while any(inked[bottom : bottom + 3]):
        bottom += 1
    symbol = strip.crop((0, top, strip.width, bottom))
    symbol = symbol.crop(symbol.point(lambda p: 255 if p < 128 else 0).getbbox())
    expected = [[bool(v) for v in row] for row in qr.make(progress_url(notice.case)).matrix]
    size = len(expected)
    assert abs(symbol.width - symbol.height) <= 2 and symbol.width > 4 * size
    cell = symbol.width / size
    read = [
        [symbol.getpixel((int((c + 0.5) * cell), int((r + 0.5) * cell))) < 128 for c in range(size)]
        for r in range(size)
    ]
    assert read == expected


def test_a_long_supplement_list_runs_onto_a_second_page_cleanly(dressed, submit, people):
    case = submit(channel="ONLINE")
    services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    items = [{"name": f"补充材料第{n}项", "problem": "缺少，须提供原件及加盖公章的复印件各一份"}
             for n in range(1, 27)]  # fmt: skip
    services.case_request_supplement(case_id=case.pk, actor=people["clerk"], items=items)
    pdf = render_notice_pdf(Notice.objects.get(case=case))
    first, second = pdf_text(pdf, page=1), pdf_text(pdf, page=2)
    assert "第1页/共2页" in first and "第2页/共2页" in second
    assert "序号材料名称存在问题及补正要求" in first
    assert "序号材料名称存在问题及补正要求" in second  # the table header repeats
    assert all(f"补充材料第{n}项" in first + second for n in range(1, 27))
    # The QR code and the seal stay together, and the footer is on every page.
    assert "扫码查询办理进度" in second and "（印章）" in second
    assert "12345" in first and "12345" in second
    assert "申请人签收" not in second  # applied online: nobody signs at a counter
    (SCREENSHOTS / "notice-supplement-page2.png").write_bytes(pdf_png(pdf, page=2))


def test_a_bundle_for_an_organisation_is_addressed_to_the_organisation(dressed, people):
    company = services.applicant_register(
        kind="ORGANISATION", name="重庆清江小吃有限公司", id_number=company_id(),
        legal_representative="张三", actor=None,
    )  # fmt: skip
    case, _ = services.case_submit(
        actor=people["clerk"], applicant=company, channel="WINDOW", bundle_code="open-shop",
        service_point=dressed["hall"], form_data=GOOD_FORM, materials=MATERIALS,
    )  # fmt: skip
    services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    services.case_accept(case_id=case.pk, actor=people["clerk"])
    notice = Notice.objects.get(case=case)
    pdf = render_notice_pdf(notice)
    text = pdf_text(pdf)
    assert "你单位于" in text and "统一社会信用代码" in text and company.masked_id in text
    assert "开办小店" in text and "重庆清江小吃有限公司" in text
    assert "行政许可法" not in text  # the bundle holds a registration: no licensing article
    (SCREENSHOTS / "notice-acceptance-bundle.png").write_bytes(pdf_png(pdf))


def test_the_filename_names_the_document_and_the_case(notice_of):
    notice = notice_of(NoticeKind.SUPPLEMENT)
    assert notice_filename(notice) == f"补正材料一次性告知书-{notice.case.number}.pdf"


@pytest.mark.urls("onewindow.cases.tests.urls_notices")
def test_the_applicant_gets_the_pdf_and_others_get_404(client, notice_of, people):
    notice = notice_of(NoticeKind.ACCEPTANCE)
    url = reverse("cases:notice_pdf", args=[notice.case.number, notice.pk])
    assert client.get(url).status_code == 404  # anonymous: as if it did not exist
    client.force_login(people["other_citizen"])
    assert client.get(url).status_code == 404
    client.force_login(people["clerk"])  # the window that took the case
    assert client.get(url).status_code == 200
    client.force_login(people["citizen"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=utf-8''%E5%8F%97%E7%90%86%E9%80%9A%E7%9F%A5%E5%8D%95-" in disposition
    assert "no-store" in response["Cache-Control"]
    wrong_case = reverse("cases:notice_pdf", args=["500199-20000101-00001", notice.pk])
    assert client.get(wrong_case).status_code == 404


def test_rendering_fetches_no_files_or_urls_unless_allowed(tmp_path):
    """Text that reached a template must not make the renderer read local files."""
    picture = tmp_path / "dot.png"
    Image.new("L", (8, 8), 0).save(picture)
    html = f'<p>测试</p><img src="{picture.as_uri()}" style="width: 10mm">'
    assert b"/Subtype /Image" not in html_to_pdf(html)
    assert b"/Subtype /Image" in html_to_pdf(html, allowed_protocols=("data", "file"))
