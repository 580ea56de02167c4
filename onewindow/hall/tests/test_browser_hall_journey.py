"""One applicant's morning in headless Chromium, through the pages only: book a slot on the
web → check in at the kiosk with the code → the pre-review desk checks the materials →
the window calls the appointment before an earlier walk-in → the clerk accepts the case on
the workbench → the window finishes the ticket linking that case.

The live server runs on the real clock, so the slot is made to start a few minutes from
now (bookable, and already open for check-in). Screenshots land in var/screenshots/.
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from onewindow.cases.models import Case
from onewindow.hall.models import Appointment, PreReview, Ticket
from onewindow.lib.identity import resident_id_check_char

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("onewindow.hall.tests.urls_pages"),
    # serialized_rollback: the flush after a live-server test would drop the seeded calendar.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
KIOSK = {"width": 1080, "height": 1200}
PASSWORD = "pw-123456"  # conftest hall_desk
NAME, PHONE = "王小明", "13800138000"
ID_NUMBER = "50011219850615123" + resident_id_check_char("50011219850615123")


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium")
    # The sync Playwright API runs its own event loop; Django checks the calling thread.
    old = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        with sync_api.sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if old is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = old


@pytest.fixture
def slot_soon(hall, hall_matters):
    """One bookable slot of queue A starting in about five minutes, today: bookable (not
    started) and already inside the check-in window (30 minutes before the start)."""
    from onewindow.catalog.models import HolidayDay
    from onewindow.hall.appointments import slot_generate
    from onewindow.lib.workdays import is_workday

    now = timezone.localtime()
    start = (now + timedelta(minutes=6)).replace(second=0, microsecond=0)
    end = start + timedelta(minutes=30)
    if end.date() != now.date():
        pytest.skip("too close to midnight for a same-day slot")
    if not is_workday(now.date()):  # a weekend run: today is a make-up working day (调休)
        HolidayDay.objects.update_or_create(
            date=now.date(), defaults={"is_workday": True, "name": "测试调休"}
        )
    slots = slot_generate(queue=hall["A"], day=now.date(), start=start.time(), end=end.time(),
                          minutes=30, capacity=5, actor=None)  # fmt: skip
    assert len(slots) == 1, "no slot generated: today is not a working day in the calendar"
    return slots[0]


def shot(page, step):
    page.screenshot(path=str(SCREENSHOTS / f"journey-{step}.png"), full_page=True)


def new_page(browser, size=DESKTOP):
    return browser.new_context(viewport=size, locale="zh-CN").new_page()


def signed_in(browser, live_server, username, next_url):
    page = new_page(browser)
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_book_check_in_prereview_call_accept_finish(
    live_server, browser, hall, hall_matters, hall_desk, slot_soon
):
    matter = hall_matters["other"]  # 房屋租赁备案: served by the comprehensive queue A
    today = timezone.localdate()

    # 0. An earlier walk-in takes A001 at the kiosk.
    kiosk = new_page(browser, KIOSK)
    kiosk.goto(f"{live_server.url}/hall/HALL/kiosk/")
    kiosk.get_by_role("button", name="综合受理").click()
    kiosk.wait_for_selector(".kiosk-ticket")
    walk_in = kiosk.locator(".ticket-number").inner_text()
    assert walk_in == "A001"

    # 1. The citizen books today's slot: point → queue → day → slot, name, phone, matter.
    citizen = signed_in(browser, live_server, "walkin", "/hall/appointments/")
    citizen.get_by_role("link", name="区政务服务中心").click()
    citizen.get_by_role("link", name="综合受理").click()
    citizen.get_by_role("link", name=f"{today.month}月{today.day}日").click()
    citizen.wait_for_selector("form .slot-opts")
    starts = timezone.localtime(slot_soon.starts_at)
    citizen.get_by_label(f"{starts:%H:%M}", exact=False).check()
    citizen.fill("input[name=name]", NAME)
    citizen.fill("input[name=phone]", PHONE)
    citizen.select_option("select[name=matter]", label=matter.name)
    shot(citizen, "1-book")
    citizen.get_by_role("button", name="提交预约").click()
    citizen.wait_for_selector(".code-big")
    code = citizen.locator(".code-big").inner_text().strip()
    assert "租赁合同" in citizen.locator("main").inner_text()  # the materials to bring
    shot(citizen, "2-booked")
    appointment = Appointment.objects.get(code=code)
    assert appointment.status == "BOOKED" and appointment.user.username == "walkin"

    # 2. At the kiosk the code becomes a ticket of rank APPOINTMENT.
    kiosk.goto(f"{live_server.url}/hall/HALL/check-in/")
    kiosk.fill("#id_code_or_phone", code.lower())
    kiosk.get_by_role("button", name="签到取号").click()
    kiosk.wait_for_selector(".ticket-slip .ticket-number")
    booked_number = kiosk.locator(".ticket-number").inner_text()
    assert booked_number == "A002"
    shot(kiosk, "3-check-in")
    booked_ticket = Ticket.objects.get(number=booked_number, day=today)
    assert booked_ticket.appointment_id == appointment.pk and booked_ticket.rank == 1

    # 3. The pre-review desk (the clerk of window 3) checks the matter's materials: all 已提交.
    desk = signed_in(browser, live_server, "window3", "/hall/prereview/")
    desk.fill("#id_q", "租赁")
    desk.get_by_role("button", name="查找").click()
    desk.locator(".matter-pick li", has_text=matter.name).get_by_role(
        "link", name="开始预审"
    ).click()
    desk.wait_for_selector("table.checklist")
    desk.fill("input[name=applicant_name]", NAME)
    desk.fill("input[name=applicant_phone]", PHONE)
    desk.fill("input[name=ticket_number]", booked_number)  # the checked-in appointment's
    for row in desk.locator(".checklist tbody tr").all():
        row.locator("label.check-provided").click()
    shot(desk, "4-prereview")
    desk.get_by_role("button", name="完成预审").click()
    desk.wait_for_selector(".ticket-slip")
    shot(desk, "5-prereview-passed")
    # The pass joins the appointment's ticket: one person, one number.
    assert desk.locator(".ticket-slip .ticket-number").inner_text() == booked_number
    review = PreReview.objects.get()
    assert review.passed and review.matter_id == matter.pk
    booked_ticket.refresh_from_db()
    assert booked_ticket.pre_review_id == review.pk
    assert not Ticket.objects.filter(day=today, number="A003").exists()

    # 4. Window 1 calls: the appointment's ticket comes before the earlier walk-in.
    clerk = signed_in(browser, live_server, "window1", "/hall/window/")
    clerk.get_by_role("button", name="叫号").click()
    clerk.wait_for_selector(".desk-number")
    assert clerk.locator(".desk-number").inner_text() == booked_number
    assert code in clerk.locator(".desk-facts").inner_text()
    clerk.get_by_role("button", name="开始办理").click()
    clerk.wait_for_selector("text=办理中")
    shot(clerk, "6-called")

    # 5. The workbench (a new tab from the window page): register the applicant, accept.
    with clerk.context.expect_page() as opened:
        clerk.get_by_role("link", name="打开窗口受理（新标签页）").click()
    bench = opened.value
    bench.wait_for_load_state()
    bench.fill("input[name=id_number]", ID_NUMBER)
    bench.click(".inline-search button:has-text('查找')")
    bench.locator("details.register[open]").wait_for()  # not found: register (after the reload)
    form = bench.locator("form.form-grid")
    form.locator("input[name=name]").fill(NAME)
    form.locator("input[name=phone]").fill(PHONE)
    form.locator("input[name=address]").fill("清江区滨江路8号")
    form.locator("button", has_text="登记并继续").click()
    bench.wait_for_selector(".applicant-card")
    bench.fill(".step-card input[name=q]", "租赁备案")
    bench.press(".step-card input[name=q]", "Enter")
    bench.wait_for_selector(".pick-list")
    bench.locator(".pick-list li", has_text=matter.name).locator("a", has_text="办理").click()
    bench.wait_for_url("**/cases/workbench/new/**")
    for row in bench.locator(".checklist tbody tr").all():
        row.locator("label.check-provided").click()
    shot(bench, "7-intake")
    bench.get_by_role("button", name="受理", exact=True).click()
    bench.wait_for_url("**/cases/*/")
    assert "已受理" in bench.locator(".messages").inner_text()
    case = Case.objects.get(applicant__id_number=ID_NUMBER)
    shot(bench, "8-accepted")
    bench.close()

    # 6. Back at the window: the case is offered for linking; 办结.
    clerk.reload()
    clerk.select_option("#id_case", value=case.number)
    shot(clerk, "9-finish")
    clerk.get_by_role("button", name="办结", exact=True).click()
    clerk.wait_for_selector(f"text={booked_number} 已办结")
    assert "当前没有叫号中的票" in clerk.locator(".desk-current").inner_text()
    shot(clerk, "10-done")

    booked_ticket.refresh_from_db()
    appointment.refresh_from_db()
    case.refresh_from_db()
    assert booked_ticket.status == "DONE" and booked_ticket.case_id == case.pk
    assert booked_ticket.window_id == hall["windows"][0].pk
    assert appointment.status == "CHECKED_IN" and appointment.checked_in_at is not None
    assert case.status == "ACCEPTED" and case.matter_id == matter.pk
    assert case.service_point_id == hall["point"].pk
    # Only the walk-in still waits: the applicant never held a second number.
    waiting = Ticket.objects.filter(day=today, status="WAITING").order_by("number")
    assert [t.number for t in waiting] == [walk_in]
