"""A case's journey in headless Chromium: the clerk registers the applicant and accepts
with the checklist, two departments review in parallel and the lead decides, the clerk
delivers; then the public progress page and the applicant's own list.

Screenshots land in var/screenshots/ for a human to look at.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from onewindow.cases import services
from onewindow.cases.models import Case

from .conftest import person_id

pytestmark = [
    pytest.mark.browser,
    # serialized_rollback: the flush after a live-server test would drop the seeded calendar.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "pw-123456"  # conftest._user
NEW_ID = person_id("50011219880512002")


@pytest.fixture
def browser(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium")
    # The sync Playwright API runs its own event loop; Django checks the calling thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, username, next_url):
    page = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def review(page, opinion, button="同意", screenshot=""):
    page.locator(".case-table a.button", has_text="审查").first.click()
    page.wait_for_selector(".review-form")
    page.locator(".review-form textarea").fill(opinion)
    if screenshot:
        shot(page, screenshot)
    page.locator(".review-form").get_by_role("button", name=button, exact=True).click()
    page.wait_for_selector(".message")


def test_a_case_from_the_window_through_review_to_delivery(live_server, browser, people):
    clerk = signed_in(browser, live_server, "clerk", "/cases/workbench/")
    clerk.fill("input[name=id_number]", NEW_ID)
    clerk.click(".inline-search button:has-text('查找')")
    clerk.locator("details.register[open]").wait_for()  # not found: register (after the reload)
    form = clerk.locator("form.form-grid")
    form.locator("input[name=name]").fill("李四")
    form.locator("input[name=phone]").fill("13912345678")
    form.locator("input[name=address]").fill("清江区滨江路8号")
    form.locator("button", has_text="登记并继续").click()
    clerk.wait_for_selector(".applicant-card")

    clerk.fill(".step-card input[name=q]", "卫生许可")
    clerk.press(".step-card input[name=q]", "Enter")
    clerk.wait_for_selector(".pick-list")
    shot(clerk, "workbench-pick")
    clerk.locator(".pick-list li", has_text="公共场所卫生许可").locator(
        "a", has_text="办理"
    ).click()
    clerk.wait_for_url("**/cases/workbench/new/**")
    assert clerk.input_value("input[name=f-applicant_name]") == "李四"
    clerk.fill("input[name=f-shop_name]", "李四小吃")
    for row in clerk.locator(".checklist tbody tr").all():
        row.locator("label.check-provided").click()
    shot(clerk, "intake")
    clerk.locator("button", has_text="受理").first.click()
    clerk.wait_for_url("**/cases/*/")
    assert "已受理" in clerk.locator(".messages").inner_text()
    case = Case.objects.get(applicant__id_number=NEW_ID)

    fire = signed_in(browser, live_server, "fire", "/cases/inbox/")
    review(fire, "消防设施符合要求")
    food = signed_in(browser, live_server, "food", "/cases/inbox/")
    shot(food, "inbox")
    review(food, "材料齐全，现场布局合理", screenshot="review")
    food.goto(f"{live_server.url}/cases/inbox/")
    review(food, "准予许可", button="准予许可")
    case.refresh_from_db()
    assert case.status == "APPROVED"

    clerk.goto(f"{live_server.url}/cases/workbench/")
    shot(clerk, "workbench")
    clerk.locator(".todo-list a", has_text="公共场所卫生许可").click()
    clerk.locator("label.check-opt", has_text="窗口领取").click()
    clerk.locator("button", has_text="确认送达").click()
    clerk.wait_for_selector(".message")
    assert "已送达" in clerk.locator(".case-meta").inner_text()
    shot(clerk, "case")

    public = browser.new_page(viewport=DESKTOP, locale="zh-CN")
    public.goto(f"{live_server.url}/cases/progress/{case.number}/")
    public.fill("input[name=tail]", NEW_ID[-4:])
    public.click("button:has-text('查询')")
    public.wait_for_selector(".progress-result")
    assert "李*" in public.inner_text(".progress-result")
    shot(public, "progress")

    # The applicant's online account is linked to the person the window registered.
    services.applicant_register(kind="PERSON", name="李四", id_number=NEW_ID, user=people["citizen"], actor=None)  # fmt: skip
    citizen = signed_in(browser, live_server, "citizen", "/cases/mine/")
    assert case.number in citizen.inner_text(".case-cards")
    shot(citizen, "mine")
