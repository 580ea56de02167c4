"""Trust approval in headless Chromium. The pledge path: the applicant chooses trust
approval, draws a signature and signs; the case is approved and the license issued the
same day; a reminder goes out; the applicant uploads the deferred materials; the reviewer
verifies them; the commitment is fulfilled. The breach path: overdue, rectification, breach
with the license revoked and the applicant listed; credit repair by the section head.

Screenshots go to /tmp/shots_trust/ for a person to look at."""

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from onewindow.licenses.models import License
from onewindow.trust.models import Commitment
from onewindow.trust.services import commitment_item_upload, commitment_item_verify, sweep

from .conftest import HYGIENE_LATER, decide_all

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path("/tmp/shots_trust")
DESKTOP = {"width": 1280, "height": 900}
TZ = ZoneInfo("Asia/Shanghai")


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, username, next_url):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def draw_signature(page):
    box = page.locator("#sigpad").bounding_box()
    x, y = box["x"] + 40, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + i * 25, y + (18 if i % 2 else -18))
    page.mouse.up()


def day(d, hour=9):
    return datetime.combine(d, time(hour), tzinfo=TZ)


def sign_in_browser(browser, live_server, case):
    page = signed_in(browser, live_server, "citizen", "/trust/")
    page.locator("a.button", has_text="选择告知承诺").first.click()
    page.wait_for_url(f"**/trust/pledge/{case.number}/")
    for name in HYGIENE_LATER:
        assert page.locator(f"input[name=deferred][value='{name}']").is_checked()
    draw_signature(page)
    assert page.locator("#sig-state").inner_text() == "已签名"
    page.check("input[name=confirmed]")
    shot(page, "01_pledge")
    page.click("button:has-text('签署并受理')")
    page.wait_for_url("**/trust/commitments/*/")
    return page


def test_pledge_same_day_license_reminder_upload_fulfilled(
    live_server, browser, trust_case, trust, people, tmp_path
):
    case = trust_case()
    page = sign_in_browser(browser, live_server, case)
    c = Commitment.objects.get(case=case)
    assert c.signature and c.signature.size > 200  # a real drawing, not an empty canvas
    assert "履行中" in page.inner_text("h1")
    decide_all(case, people, trust)
    lic = License.objects.get(case=case)
    page.reload()
    shot(page, "02_commitment_active")
    page.click(f"a:has-text('{lic.number}')")
    page.wait_for_url(f"**/verify/{lic.number}/")
    assert "有效" in page.inner_text("body")
    shot(page, "03_license_valid")
    # a reminder seven days before the due date, visible to staff in the outbox
    assert sweep(now=day(c.due_date - timedelta(days=7)))["reminded"] == 1
    staff = signed_in(browser, live_server, "supervisor", "/notify/")
    assert "告知承诺到期提醒" in staff.inner_text("body")
    shot(staff, "04_outbox_reminder")
    # the applicant uploads each deferred material
    page.goto(f"{live_server.url}/trust/commitments/{c.pk}/")
    upload = tmp_path / "material.pdf"
    upload.write_bytes(b"%PDF-1.4 material")
    for _ in HYGIENE_LATER:
        form = page.locator("form[action$='/upload/']").first
        form.locator("input[type=file]").set_input_files(str(upload))
        form.locator("button").click()
        page.wait_for_selector(".message")
    shot(page, "05_uploaded")
    reviewer = signed_in(browser, live_server, "food", f"/trust/commitments/{c.pk}/")
    shot(reviewer, "06_reviewer_verify")
    for _ in HYGIENE_LATER:
        reviewer.locator("button:has-text('核验通过')").first.click()
        reviewer.wait_for_selector(".message")
    assert "已履行" in reviewer.inner_text("h1")
    shot(reviewer, "07_fulfilled")
    stats = signed_in(browser, live_server, "supervisor", "/trust/stats/")
    assert "100.0%" in stats.inner_text("body")
    shot(stats, "08_stats")


def test_breach_revocation_and_repair(live_server, browser, trust_case, trust, people):
    case = trust_case()
    page = sign_in_browser(browser, live_server, case)
    c = Commitment.objects.get(case=case)
    decide_all(case, people, trust)
    lic = License.objects.get(case=case)
    assert sweep(now=day(c.due_date + timedelta(days=1)))["rectifying"] == 1
    page.reload()
    assert "限期整改" in page.inner_text("body")
    shot(page, "11_rectifying")
    c.refresh_from_db()
    assert sweep(now=day(c.rectification_due_date + timedelta(days=1)))["breached"] == 1
    page.reload()
    assert "许可决定已撤销" in page.inner_text("body")
    shot(page, "12_breached")
    with page.expect_popup() as popup:
        page.click("a:has-text('撤销行政许可决定书')")
    assert popup.value.url.endswith("/revocation.pdf")
    page.goto(live_server.url + reverse("licenses:verify", args=[lic.number]))
    assert "撤销" in page.inner_text("body")
    shot(page, "13_license_revoked")
    public = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/trust/dishonest/")
    assert "张*" in public.inner_text("table")
    shot(public, "14_dishonest_list")
    # the applicant rectifies afterwards; the section head repairs the record
    for item in c.items.all():
        from django.core.files.base import ContentFile

        commitment_item_upload(
            item_id=item.pk, actor=people["citizen"], file=ContentFile(b"%PDF", name="m.pdf")
        )
        commitment_item_verify(item_id=item.pk, actor=people["food_reviewer"], approve=True)
    head = signed_in(browser, live_server, "head", "/trust/credit/")
    head.fill("input[name=note]", "已补齐全部承诺材料并核验通过")
    shot(head, "15_credit_repair")
    head.click("button:has-text('信用修复')")
    head.wait_for_selector(".message")
    assert "信用修复已完成" in head.inner_text(".messages")
    public.reload()
    assert "目前没有公示中的失信记录" in public.inner_text("body")
    # the applicant may still not pledge for two years: the reason and the date are shown
    case2 = trust_case()
    again = signed_in(browser, live_server, "citizen", f"/trust/pledge/{case2.number}/")
    assert "虽已信用修复" in again.inner_text(".alert-error")
    shot(again, "16_barred")
