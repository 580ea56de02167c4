"""The enterprise REST API: cards, milestones, demands, board; lists at a fixed cost."""

import json

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.enterprise.models import Demand

from .conftest import at

pytestmark = pytest.mark.django_db

API = "/api/v1/enterprise"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def card_body(enterprise):
    return {
        "code": "P-API", "name": "冷链物流中心", "enterprise_id_number": enterprise.id_number,
        "steward": "steward", "lead_department_code": "SCJG", "lead_person": "王建华",
        "target_start_date": "2030-10-21", "investment": "32000.00",
    }  # fmt: skip


def test_a_steward_makes_a_card_and_sees_its_schedule(client, staff, template, card_body):
    client.force_login(staff["steward"])
    with time_machine.travel(at(2030, 10, 1), tick=False):
        client.force_login(staff["steward"])  # a 2026 session has expired by 2030
        r = post(client, f"{API}/projects", card_body)
    assert r.status_code == 201, r.content
    body = r.json()
    assert [(m["name"], m["planned_end_date"]) for m in body["milestones"]] == [
        ("规划许可", "2030-10-15"),
        ("施工许可", "2030-10-18"),
    ]
    assert body["percent"] == 0 and body["enterprise"] == "清江智造有限公司"


def test_the_card_api_refuses_clearly(client, staff, template, card_body):
    client.force_login(staff["clerk"])
    assert post(client, f"{API}/projects", card_body).status_code == 403
    client.force_login(staff["steward"])
    with time_machine.travel(at(2030, 10, 1), tick=False):
        client.force_login(staff["steward"])  # a 2026 session has expired by 2030
        r = post(client, f"{API}/projects", {**card_body, "enterprise_id_number": "X" * 18})
        assert r.status_code == 404 and r.json()["code"] == "enterprise_not_found"
        r = post(client, f"{API}/projects", {**card_body, "target_start_date": "2030-10-07"})
        assert r.status_code == 422 and r.json()["code"] == "card_plan_past"
        r = post(client, f"{API}/projects", {**card_body, "investment": "-1"})
        assert r.status_code == 422


def test_milestones_move_through_the_api(client, staff, make_card):
    card = make_card()
    first = card.milestones.get(order=1)
    client.force_login(staff["fire_reviewer"])
    r = post(client, f"{API}/milestones/{first.pk}/start", {})
    assert r.status_code == 200 and r.json()["status"] == "IN_PROGRESS"
    r = post(client, f"{API}/milestones/{first.pk}/complete", {"note": "已核发"})
    assert r.status_code == 200 and r.json()["status"] == "DONE" and r.json()["signal"] is None
    assert post(client, f"{API}/milestones/{first.pk}/complete", {}).status_code == 409
    second = card.milestones.get(order=2)
    assert post(client, f"{API}/milestones/{second.pk}/start", {}).status_code == 403
    r = client.get(f"{API}/projects/{card.code}")
    assert r.json()["done"] == 1 and r.json()["percent"] == 50


def test_reschedule_members_and_report(client, staff, make_card):
    card = make_card()
    client.force_login(staff["steward"])
    with time_machine.travel(at(2030, 10, 2), tick=False):
        client.force_login(staff["steward"])  # a 2026 session has expired by 2030
        r = post(
            client, f"{API}/projects/{card.code}/reschedule", {"target_start_date": "2030-10-28"}
        )
        assert (
            r.status_code == 200 and r.json()["milestones"][1]["planned_end_date"] == "2030-10-25"
        )
    r = post(client, f"{API}/projects/{card.code}/members", {"name": "张海", "duty": "规划专员",
                                                                "department_code": "XF"})  # fmt: skip
    assert r.status_code == 201 and r.json()["department"] == "区消防救援大队"
    with time_machine.travel(at(2030, 10, 21), tick=False):
        client.force_login(staff["steward"])  # a 2026 session has expired by 2030
        r = client.get(f"{API}/projects/report", {"year": 2030, "quarter": 4})
    assert r.status_code == 200
    assert r.json()["totals"] == {"planned": 2, "done": 0, "late": 0, "overdue": 0}
    assert client.get(f"{API}/projects/report", {"quarter": 5}).status_code == 422


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_card_and_demand_lists_cost_the_same_for_one_as_for_four(
    client, staff, make_card, services, enterprise, district
):
    from onewindow.enterprise.services import demands as ds

    def add(n):
        for i in range(n):
            make_card(code=f"P-{Demand.objects.count()}-{i}-{n}")
            d = ds.demand_file(data=ds.DemandInput(service=services["land"], description="用地",
                                                   enterprise=enterprise), actor=staff["owner"])  # fmt: skip
            ds.demand_assign(number=d.number, department=district["fire"], actor=staff["hotline"])

    client.force_login(staff["supervisor"])
    add(1)
    few = [_count(client, f"{API}/{p}") for p in ("projects", "demands", "demands/board")]
    add(3)
    many = [_count(client, f"{API}/{p}") for p in ("projects", "demands", "demands/board")]
    assert few == many


def test_a_demand_through_the_api_from_filing_to_clearing(
    client, staff, services, district, enterprise
):
    client.force_login(staff["owner"])
    r = post(
        client, f"{API}/demands", {"service_code": "land", "description": "需要 30 亩工业用地"}
    )
    assert r.status_code == 201 and r.json()["channel"] == "WEB"
    number = r.json()["number"]
    client.force_login(staff["hotline"])
    r = post(client, f"{API}/demands/{number}/assign", {"department_code": "XF", "limit_days": 5})
    assert (
        r.status_code == 200 and r.json()["status"] == "ASSIGNED" and r.json()["signal"] == "GREEN"
    )
    client.force_login(staff["fire_reviewer"])
    r = post(client, f"{API}/demands/{number}/resolve", {"resolution": "已提供可选地块"})
    assert r.json()["status"] == "RESOLVED"
    client.force_login(staff["owner"])
    r = post(
        client,
        f"{API}/demands/{number}/rate",
        {"satisfaction": "UNSATISFIED", "comment": "地块太远"},
    )
    assert r.json()["status"] == "ASSIGNED" and r.json()["reopen_count"] == 1
    client.force_login(staff["fire_reviewer"])
    post(client, f"{API}/demands/{number}/resolve", {"resolution": "已调整为园区内地块"})
    client.force_login(staff["owner"])
    r = post(client, f"{API}/demands/{number}/rate", {"satisfaction": "SATISFIED"})
    assert r.json()["status"] == "CLOSED"
    assert [x["satisfaction"] for x in r.json()["ratings"]] == ["UNSATISFIED", "SATISFIED"]


def test_demand_api_refusals(client, staff, services, enterprise):
    client.force_login(staff["citizen"])
    r = post(client, f"{API}/demands", {"service_code": "land", "description": "x"})
    assert r.status_code == 422 and r.json()["code"] == "demand_enterprise_required"
    client.force_login(staff["hotline"])
    r = post(client, f"{API}/demands", {"service_code": "nope", "description": "x",
                                       "enterprise_id_number": enterprise.id_number})  # fmt: skip
    assert r.status_code == 404
    r = post(client, f"{API}/demands", {"service_code": "land", "description": "x",
                                       "enterprise_id_number": enterprise.id_number})  # fmt: skip
    assert r.status_code == 201 and r.json()["channel"] == "HOTLINE"
    number = r.json()["number"]
    client.force_login(staff["other_owner"])  # another enterprise cannot even see it
    assert client.get(f"{API}/demands/{number}").status_code == 404
    assert (
        post(client, f"{API}/demands/{number}/rate", {"satisfaction": "SATISFIED"}).status_code
        == 404
    )
    assert client.get(f"{API}/demands").json() == []
    client.logout()
    assert client.get(f"{API}/demands").status_code == 401
