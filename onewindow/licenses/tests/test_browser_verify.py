"""A license's QR code opened in headless Chromium on a phone-sized screen: a valid signed
license, the composite listing its permits, then the issuing reviewer revokes the license
on its page and the same QR address shows it revoked.

Screenshots land in /tmp/shots_licenses/ for a human to look at.
"""

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from onewindow.lib.qr import qr_data_uri
from onewindow.licenses import documents
from onewindow.licenses.models import License

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path("/tmp/shots_licenses")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "pw-123456"  # cases conftest._user


def shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def qr_address(lic: License) -> str:
    """The address printed under the license's QR code, read from its PDF; the QR image in
    the document encodes exactly this address."""
    pdf = documents.render_license_pdf(lic)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    path = reverse("licenses:verify", args=[lic.number])
    url = re.search(r"(http://\S+?" + re.escape(path) + ")", re.sub(r"\n(?=\S)", "", text)).group(1)
    assert url == documents.verify_url(lic)
    html = documents.render_to_string("licenses/pdf/license.html", documents._context(lic))
    assert qr_data_uri(url) in html
    return url


def test_a_license_qr_shows_valid_then_revoked(
    live_server, browser, approved, industry, people, settings
):
    settings.SITE_URL = live_server.url
    lic = License.objects.get(case=approved())
    url = qr_address(lic)

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
    phone.goto(url)
    verdict = phone.locator(".verdict")
    assert "有效" in verdict.inner_text() and "签名验证通过" in verdict.inner_text()
    facts = phone.locator("dl.license-facts").inner_text()
    assert "张三" in facts and lic.masked_holder_id in facts and lic.holder_id_number not in facts
    # Nothing wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(phone, "verify_valid_phone")

    composite = License.objects.get(
        case=approved(bundle="open-shop", matter=None), kind="COMPOSITE"
    )
    phone.goto(qr_address(composite))
    assert "有效" in phone.locator(".verdict").inner_text()
    assert phone.locator(".permit-list li").count() == 2
    shot(phone, "verify_composite_phone")

    reviewer = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    reviewer.goto(f"{live_server.url}/accounts/login/?next={reverse('licenses:department')}")
    reviewer.fill("input[name=username]", "food")
    reviewer.fill("input[name=password]", PASSWORD)
    reviewer.click("button[type=submit]")
    reviewer.wait_for_url(f"**{reverse('licenses:department')}")
    shot(reviewer, "department_list")
    reviewer.click(f"a[href='{reverse('licenses:detail', args=[lic.number])}']")
    reviewer.wait_for_selector("#revoke")
    reviewer.fill("#reason", "经核查，申请时提交的卫生检测报告系伪造")
    shot(reviewer, "detail_revoke_form")
    reviewer.click("#revoke button[type=submit]")
    reviewer.wait_for_selector(".message")
    assert "已撤销" in reviewer.locator(".verdict").inner_text()
    shot(reviewer, "detail_revoked")

    phone.goto(url)
    verdict = phone.locator(".verdict").inner_text()
    assert "已撤销" in verdict
    assert "伪造" in phone.locator("dl.license-facts").inner_text()
    shot(phone, "verify_revoked_phone")


def test_my_licenses_the_lookup_form_and_a_tampered_license(
    live_server, browser, approved, settings
):
    settings.SITE_URL = live_server.url
    lic = License.objects.get(case=approved())

    citizen = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    citizen.goto(f"{live_server.url}/accounts/login/?next={reverse('licenses:mine')}")
    citizen.fill("input[name=username]", "citizen")
    citizen.fill("input[name=password]", PASSWORD)
    citizen.click("button[type=submit]")
    citizen.wait_for_url(f"**{reverse('licenses:mine')}")
    assert lic.number in citizen.locator("table.licenses").inner_text()
    shot(citizen, "mine")
    citizen.click(f"a[href='{reverse('licenses:detail', args=[lic.number])}']")
    citizen.wait_for_url(f"**{reverse('licenses:detail', args=[lic.number])}")
    assert citizen.locator(f"a[href='{reverse('licenses:pdf', args=[lic.number])}']").is_visible()
    assert citizen.locator("#revoke").count() == 0  # the holder may not revoke

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True).new_page()
    phone.goto(f"{live_server.url}{reverse('licenses:verify_lookup')}")
    phone.fill("#number", lic.number)
    shot(phone, "verify_lookup_phone")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**{reverse('licenses:verify', args=[lic.number])}")
    assert "有效" in phone.locator(".verdict").inner_text()

    License.objects.filter(pk=lic.pk).update(payload=lic.payload.replace("张三", "王五"))
    phone.reload()
    assert "签名无效" in phone.locator(".verdict").inner_text()
    assert "王五" not in phone.content()
    shot(phone, "verify_tampered_phone")
