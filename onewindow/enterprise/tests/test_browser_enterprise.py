"""Two journeys in headless Chromium, through the pages only.

Project card: a steward makes a card → the schedule is shown, planned backward → the
responsible department completes the first milestone → the progress moves → the quarterly
report lists the card (and its PDF opens).

Demand: the enterprise files a demand → the 12345 clerk assigns it → the department resolves
→ the enterprise is not satisfied → it is reopened → resolved again → satisfied, cleared, and
the department drops off the 动态清零 board.

The live server runs on the real clock. Screenshots land in /tmp/shots_enterprise/.
"""

import os
from pathlib import Path

import pytest
from django.utils import timezone

from onewindow.enterprise.models import Demand, ProjectCard
from onewindow.lib import workdays

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SHOTS = Path(os.environ.get("ENTERPRISE_SHOTS", "/tmp/shots_enterprise"))
PASSWORD = "pw-123456"  # cases conftest _user


def shot(page, name):
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in(browser, live_server, username, next_url):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    return page


def test_card_schedule_milestone_done_report(live_server, browser, staff, enterprise, template):
    target = workdays.add_workdays(timezone.localdate(), 12)
    steward = signed_in(browser, live_server, "steward", "/enterprise/projects/")
    steward.get_by_role("link", name="建立项目卡").click()
    steward.fill("input[name=code]", "2026-500199-34-03-000001")
    steward.fill("input[name=name]", "清江智能装备产业园一期")
    steward.fill("input[name=enterprise_id_number]", enterprise.id_number)
    steward.select_option("select[name=lead_department]", label="区市场监督管理局")
    steward.fill("input[name=lead_person]", "王建华")
    steward.fill("input[name=target_start_date]", target.isoformat())
    steward.fill("input[name=investment]", "86000")
    steward.fill("input[name=address]", "清江区工业园区B区")
    shot(steward, "project-1-new")
    steward.get_by_role("button", name="建立并倒排计划").click()
    steward.wait_for_selector("table.schedule")
    card = ProjectCard.objects.get()
    last = card.milestones.get(order=2)
    assert last.planned_end_date == workdays.add_workdays(target, -1)
    rows = steward.locator("table.schedule tbody tr")
    assert rows.count() == 2
    assert last.planned_end_date.isoformat() in rows.nth(1).inner_text()
    assert "绿灯" in rows.nth(0).inner_text()
    shot(steward, "project-2-schedule")

    # The fire brigade completes its milestone (规划许可) from the same card page.
    fire = signed_in(browser, live_server, "fire", f"/enterprise/projects/{card.code}/")
    row = fire.locator("tr[data-milestone='规划许可']")
    row.get_by_role("button", name="完成").click()
    fire.wait_for_selector("text=节点已更新")
    assert "已完成" in fire.locator("tr[data-milestone='规划许可']").inner_text()
    assert fire.locator("#progress").inner_text().startswith("1/2")
    # 施工许可 belongs to another department: no buttons for the fire brigade.
    assert fire.locator("tr[data-milestone='施工许可'] button").count() == 0
    shot(fire, "project-3-milestone-done")

    # The quarterly report lists the card with its progress; its PDF opens.
    steward.goto(f"{live_server.url}/enterprise/projects/report/")
    table = steward.locator("table.report-table")
    assert "清江智能装备产业园一期" in table.inner_text() and "50%" in table.inner_text()
    shot(steward, "project-4-report")
    pdf = steward.request.get(f"{live_server.url}/enterprise/projects/report/?format=pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_demand_file_assign_resolve_unsatisfied_reopen_resolve_satisfied(
    live_server, browser, staff, enterprise, services
):
    company = signed_in(browser, live_server, "company", "/enterprise/demands/")
    company.get_by_role("link", name="提出诉求").click()
    company.select_option("select[name=service]", label="用地要素保障")
    company.fill(
        "textarea[name=description]", "新建二期厂房需要约 30 亩工业用地，希望了解可供地块。"
    )
    company.fill("input[name=contact_name]", "周经理")
    shot(company, "demand-1-file")
    company.get_by_role("button", name="提交诉求").click()
    company.wait_for_selector("#demand-status")
    demand = Demand.objects.get()
    assert company.locator("#demand-status").inner_text() == "待分派"
    url = f"/enterprise/demands/{demand.number}/"

    hotline = signed_in(browser, live_server, "hotline", url)
    hotline.select_option("select[name=department]", label="区消防救援大队")  # the default
    hotline.get_by_role("button", name="分派").click()
    hotline.wait_for_selector("text=已分派至 区消防救援大队")
    assert hotline.locator("#demand-status").inner_text() == "办理中"
    shot(hotline, "demand-2-assigned")

    fire = signed_in(browser, live_server, "fire", url)
    fire.fill("textarea[name=resolution]", "已提供园区两处可选地块。")
    fire.get_by_role("button", name="办结").click()
    fire.wait_for_selector("text=已办结，等待企业评价")

    company.reload()
    company.get_by_label("不满意").check()
    company.fill("textarea[name=comment]", "两处地块都不在园区内，交通不便。")
    shot(company, "demand-3-rate-unsatisfied")
    company.get_by_role("button", name="提交评价").click()
    company.wait_for_selector("text=已退回承办部门重新办理")
    assert company.locator("#demand-status").inner_text() == "办理中"
    assert "重新办理" in company.locator("main").inner_text()
    shot(company, "demand-4-reopened")

    fire.reload()
    fire.fill("textarea[name=resolution]", "已调整为园区内 B-12 地块，下月挂牌出让。")
    fire.get_by_role("button", name="办结").click()
    fire.wait_for_selector("text=已办结，等待企业评价")

    company.reload()
    company.get_by_label("满意", exact=True).check()
    company.get_by_role("button", name="提交评价").click()
    company.wait_for_selector("text=感谢评价，诉求已清零")
    assert company.locator("#demand-status").inner_text() == "已清零"
    shot(company, "demand-5-cleared")
    demand.refresh_from_db()
    assert demand.status == "CLOSED" and demand.reopen_count == 1

    board = signed_in(browser, live_server, "supervisor", "/enterprise/demands/board/")
    assert "全部清零" in board.locator("main").inner_text()
    shot(board, "demand-6-board")
