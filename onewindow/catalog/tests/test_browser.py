"""A person's journey in headless Chromium: home → search "开餐馆" → the bundle → a guide.

Screenshots land in var/screenshots/ for a human to look at.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands

from onewindow.catalog import search

from .factories import make_catalog

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the flush after a live-server test would drop the seeded calendar.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium")
    # The sync Playwright API runs its own event loop; the live server's ORM calls are
    # in other threads, but Django checks the calling thread for a running loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def catalog():
    """The demo district when its command exists (what people will see), else the test one."""
    if "demo" in get_commands():
        call_command("demo_district", verbosity=0)
    else:
        make_catalog()
    search.invalidate()
    yield
    search.invalidate()


def shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_person_finds_how_to_open_a_restaurant(live_server, browser, catalog):
    page = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    page.goto(live_server.url + "/")
    assert "一窗通办" in page.locator("h1").inner_text()
    assert page.locator(".tiles").first.is_visible()
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"')")
    shot(page, "home")

    page.fill("input[name=q]", "开餐馆")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search/**")
    assert page.input_value("input[name=q]") == "开餐馆"
    results = page.locator(".result")
    assert results.count() >= 1
    assert "餐" in results.first.inner_text()
    shot(page, "search")

    bundle_link = page.locator(".result:has(.kind-bundle) .result-title a").first
    bundle_name = bundle_link.inner_text()
    bundle_link.click()
    page.wait_for_url("**/bundles/**")
    assert page.locator("h1").inner_text() == bundle_name
    assert page.get_by_role("heading", name="一张表单").is_visible()
    assert page.get_by_role("heading", name="一套材料").is_visible()
    shot(page, "bundle")

    matter_link = page.locator(".matter-list .title").first
    matter_name = matter_link.inner_text()
    matter_link.click()
    page.wait_for_url("**/matters/**")
    assert page.locator("h1").inner_text() == matter_name
    for heading in ("事项内容", "办理流程", "申请材料", "收费标准", "办理时限"):
        assert page.locator("h2", has_text=heading).is_visible()
    shot(page, "guide")
    guide_url = page.url
    page.close()

    phone = browser.new_page(viewport=PHONE, locale="zh-CN", is_mobile=True)
    phone.goto(live_server.url + "/")
    assert phone.locator("input[name=q]").is_visible()
    assert no_sideways_scroll(phone)
    shot(phone, "home-phone")
    phone.goto(guide_url)
    assert phone.locator("h2", has_text="申请材料").is_visible()
    assert no_sideways_scroll(phone)
    shot(phone, "guide-phone")
    phone.close()
