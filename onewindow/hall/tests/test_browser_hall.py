"""A hall morning in headless Chromium: a ticket at the kiosk, the clerk calls it and the
board shows it within about a second, the clerk finishes; the phone status page and the
manager's page. Screenshots land in var/screenshots/ for a human to look at."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from onewindow.hall.models import Ticket
from onewindow.hall.views.status import status_url

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("onewindow.hall.tests.urls_pages"),
    # serialized_rollback: the next transactional test must find the seeded rows again, and
    # a flush without it re-creates content types that a serialized restore then collides with.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
HALL_SCREEN = {"width": 1920, "height": 1080}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 760}


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


def shot(page, name, full_page=True):
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def screen(browser, size):
    return browser.new_context(viewport=size, locale="zh-CN").new_page()


def signed_in(browser, live_server, username, next_url):
    page = screen(browser, DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-123456")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_a_ticket_from_the_kiosk_to_the_board_and_the_window(live_server, browser, hall, hall_desk):
    kiosk = screen(browser, HALL_SCREEN)
    kiosk.goto(f"{live_server.url}/hall/HALL/kiosk/")
    kiosk.get_by_role("button", name=re.compile("综合受理")).click()
    kiosk.wait_for_selector(".kiosk-ticket")
    assert kiosk.locator(".ticket-number").inner_text() == "A001"
    shot(kiosk, "hall-kiosk", full_page=False)

    board = screen(browser, HALL_SCREEN)
    board.goto(f"{live_server.url}/hall/HALL/board/")
    assert board.locator("#now-number").inner_text() == "—"

    clerk = signed_in(browser, live_server, "window1", "/hall/window/")
    clerk.get_by_role("button", name="叫号").click()
    clerk.wait_for_selector(".desk-number")
    # Polled every second: the call is on the board within about 1.5 s of the click.
    board.wait_for_function(
        "document.getElementById('now-number').textContent === 'A001'", timeout=1500
    )
    assert "1" in board.locator("#now-window").inner_text()
    board.wait_for_timeout(300)
    shot(board, "hall-board", full_page=False)

    # The speech toggle is remembered across reloads.
    board.click("#speech-toggle")
    board.reload()
    assert board.locator("#speech-toggle").inner_text() in ("语音播报：关", "语音播报：不可用")

    clerk.get_by_role("button", name="开始办理").click()
    clerk.wait_for_selector("text=办理中")
    shot(clerk, "hall-window")
    clerk.get_by_role("button", name="办结", exact=True).click()
    clerk.wait_for_selector("text=A001 已办结")
    assert Ticket.objects.get(number="A001").status == "DONE"

    from onewindow.hall import services

    waiting = services.ticket_issue(queue=hall["A"], actor=None)
    services.ticket_issue(queue=hall["A"], actor=None)
    phone = screen(browser, PHONE)
    phone.goto(live_server.url + status_url(Ticket.objects.get(number="A003")))
    assert "前面还有" in phone.content() and waiting.number
    shot(phone, "hall-status")

    manager = signed_in(browser, live_server, "hallmanager", "/hall/HALL/manager/")
    assert manager.locator("h1").inner_text() == "大厅窗口负载"
    shot(manager, "hall-manager")
