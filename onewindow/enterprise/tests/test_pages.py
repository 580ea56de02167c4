"""The enterprise pages: who sees what, the forms and their errors, lists at a fixed cost,
the quarterly report as a page and a PDF."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.enterprise.models import Demand, ProjectCard
from onewindow.enterprise.services import demands as ds

from .conftest import at

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/enterprise/projects/", "/enterprise/demands/", "/enterprise/demands/board/"):
        r = client.get(url)
        assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_an_enterprise_may_not_open_the_board_or_make_cards(client, staff, enterprise):
    client.force_login(staff["owner"])
    assert client.get("/enterprise/demands/board/").status_code == 403
    assert client.get("/enterprise/projects/new/").status_code == 403
    assert client.get("/enterprise/projects/report/").status_code == 403


def test_a_steward_makes_a_card_on_the_page(client, staff, template, enterprise, district):
    with time_machine.travel(at(2030, 10, 1), tick=False):
        client.force_login(staff["steward"])
        form = {"code": "P-WEB", "name": "冷链物流中心", "enterprise_id_number": enterprise.id_number,
                "steward": staff["steward"].pk, "lead_department": district["food"].pk,
                "lead_person": "王建华", "target_start_date": "2030-10-21", "investment": "100"}  # fmt: skip
        r = client.post("/enterprise/projects/new/", form)
        assert r.status_code == 302 and r["Location"] == "/enterprise/projects/P-WEB/"
        page = text(client.get("/enterprise/projects/P-WEB/"))
        assert "规划许可" in page and "2030-10-18" in page
        again = client.post("/enterprise/projects/new/", form)
        assert again.status_code == 422 and "该项目代码已建卡" in text(again)
        bad = client.post(
            "/enterprise/projects/new/", {**form, "code": "P-2", "enterprise_id_number": "1"}
        )
        assert bad.status_code == 422 and "未找到" in text(bad)
    assert ProjectCard.objects.count() == 1


def test_milestone_actions_on_the_card_page(client, staff, make_card):
    card = make_card()
    first = card.milestones.get(order=1)
    client.force_login(staff["fire_reviewer"])
    url = f"/enterprise/projects/{card.code}/milestones/{first.pk}/"
    assert client.post(url + "complete/").status_code == 302
    first.refresh_from_db()
    assert first.status == "DONE"
    r = client.post(url + "complete/", follow=True)
    assert "该节点已完成" in text(r)
    second = card.milestones.get(order=2)
    r = client.post(f"/enterprise/projects/{card.code}/milestones/{second.pk}/start/", follow=True)
    assert "只有项目管家" in text(r)


def test_members_and_reschedule_on_the_card_page(client, staff, make_card, district):
    card = make_card()
    client.force_login(staff["steward"])
    client.post(f"/enterprise/projects/{card.code}/members/",
                {"name": "张海", "duty": "规划专员", "department": district["fire"].pk})  # fmt: skip
    with time_machine.travel(at(2030, 10, 2), tick=False):
        client.force_login(staff["steward"])
        client.post(
            f"/enterprise/projects/{card.code}/reschedule/", {"target_start_date": "2030-10-28"}
        )
        page = text(client.get(f"/enterprise/projects/{card.code}/"))
    assert "张海" in page and "2030-10-25" in page


def test_the_quarterly_report_page_and_pdf(client, staff, make_card):
    make_card()
    with time_machine.travel(at(2030, 10, 21), tick=False):
        client.force_login(staff["supervisor"])
        page = client.get("/enterprise/projects/report/")
        assert page.status_code == 200 and "2030 年第 4 季度" in text(page)
        pdf = client.get(
            "/enterprise/projects/report/", {"year": 2030, "quarter": 4, "format": "pdf"}
        )
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert client.get("/enterprise/projects/report/", {"quarter": 9}).status_code == 404


def test_filing_assigning_resolving_and_rating_on_the_pages(
    client, staff, services, enterprise, district
):
    client.force_login(staff["owner"])
    r = client.post(
        "/enterprise/demands/new/", {"service": services["land"].pk, "description": "需要用地"}
    )
    number = Demand.objects.get().number
    assert r["Location"] == f"/enterprise/demands/{number}/"
    assert (
        client.post("/enterprise/demands/new/", {"service": services["land"].pk}).status_code == 422
    )
    client.force_login(staff["hotline"])
    client.post(
        f"/enterprise/demands/{number}/assign/",
        {"department": district["fire"].pk, "limit_days": 3},
    )
    client.force_login(staff["fire_reviewer"])
    r = client.post(f"/enterprise/demands/{number}/resolve/", {"resolution": ""}, follow=True)
    assert "办理结果" in text(r)  # the form says what is missing
    client.post(f"/enterprise/demands/{number}/resolve/", {"resolution": "已提供地块"})
    client.force_login(staff["owner"])
    r = client.post(
        f"/enterprise/demands/{number}/rate/", {"satisfaction": "UNSATISFIED"}, follow=True
    )
    assert "请说明原因" in text(r)
    client.post(
        f"/enterprise/demands/{number}/rate/", {"satisfaction": "UNSATISFIED", "comment": "太远"}
    )
    assert Demand.objects.get().status == "ASSIGNED"


def test_a_hotline_clerk_files_for_an_enterprise(client, staff, services, enterprise):
    client.force_login(staff["hotline"])
    page = text(client.get("/enterprise/demands/new/"))
    assert "企业统一社会信用代码" in page
    client.post("/enterprise/demands/new/", {"service": services["policy"].pk, "description": "补贴",
                                             "enterprise_id_number": enterprise.id_number})  # fmt: skip
    assert Demand.objects.get().channel == "HOTLINE"
    client.force_login(staff["citizen"])  # a person has no enterprise and files for nobody
    assert client.get("/enterprise/demands/new/").status_code == 403


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_cost_the_same_for_one_as_for_four(
    client, staff, make_card, services, enterprise, district
):
    urls = ["/enterprise/projects/", "/enterprise/demands/", "/enterprise/demands/board/",
            "/enterprise/projects/report/"]  # fmt: skip

    def add(n, start):
        for i in range(start, start + n):
            make_card(code=f"P-{i}")
            d = ds.demand_file(data=ds.DemandInput(service=services["land"], description="用地",
                                                   enterprise=enterprise), actor=staff["owner"])  # fmt: skip
            ds.demand_assign(number=d.number, department=district["fire"], actor=staff["hotline"])

    client.force_login(staff["supervisor"])
    add(1, 0)
    few = [queries(client, u) for u in urls]
    add(3, 1)
    assert [queries(client, u) for u in urls] == few


def test_the_card_page_costs_the_same_with_more_members(client, staff, make_card):
    from onewindow.enterprise.services import projects as ps

    card = make_card()
    client.force_login(staff["steward"])
    url = f"/enterprise/projects/{card.code}/"
    before = queries(client, url)
    for i in range(3):
        ps.member_add(card=card, name=f"成员{i}", duty="专员", actor=staff["steward"])
    assert queries(client, url) == before


def test_the_board_links_to_one_department_s_demands(client, staff, services, enterprise, district):
    for dept, text_ in (("fire", "消防的诉求"), ("police", "公安的诉求")):
        d = ds.demand_file(data=ds.DemandInput(service=services["land"], description=text_,
                                               enterprise=enterprise), actor=staff["owner"])  # fmt: skip
        ds.demand_assign(number=d.number, department=district[dept], actor=staff["hotline"])
    client.force_login(staff["supervisor"])
    assert "?department=XF" in text(client.get("/enterprise/demands/board/"))
    page = text(client.get("/enterprise/demands/", {"department": "XF"}))
    assert "消防的诉求" in page and "公安的诉求" not in page
