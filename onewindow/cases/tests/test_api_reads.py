"""Reading cases over the API: lists with their filters and fixed query counts, the inbox,
the overdue list, the detail, notices with their PDFs, and the OpenAPI description."""

import sys
import types
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .test_api_support import Api

# Token lookup (with the staff profile), roles, count, page: the same for 2 rows or 200.
# Inside a test's transaction the token is looked up every time (accounts.auth keeps only
# committed rows), so these are the counts of a token's first call in a process.
LIST_QUERIES_SUPERVISOR = 4
LIST_QUERIES_CLERK = 4
INBOX_QUERIES = 4
OVERDUE_QUERIES = 4


def queries_for(api, path, user, **params) -> int:
    api.get(path, user=user, **params)  # warm up: the token's last-used stamp, the calendar
    with CaptureQueriesContext(connection) as ctx:
        api.get(path, user=user, **params)
    return len(ctx)


# ---- the list -----------------------------------------------------------------------------


def test_a_row_carries_what_a_list_shows(client, people, accepted):
    number = accepted().number
    body = Api(client).get("", user=people["clerk"])
    assert body["count"] == 1
    row = body["items"][0]
    assert row["number"] == number and row["title"] == "公共场所卫生许可"
    assert row["applicant"] == {"kind": "PERSON", "name": "张三", "masked_id": "500112********" + row["applicant"]["masked_id"][-4:]}  # fmt: skip
    assert row["channel_label"] == "窗口" and row["status_label"] == "已受理"
    assert row["signal"] == "GREEN" and row["signal_label"] == "绿灯"
    assert row["lead_department"]["code"] == "SCJG"
    assert row["submitted_at"] and row["accepted_at"] and row["due_at"]


def test_the_list_filters(client, people, submit, accepted):
    api, boss = Api(client), people["supervisor"]
    licence = accepted()
    police = submit(matter="QR-003", form_data={"applicant_name": "张三", "phone": "13800000000"})
    bundle = submit(bundle="open-shop", channel="ONLINE")

    def numbers(**params):
        return {row["number"] for row in api.get("", user=boss, **params)["items"]}

    assert numbers() == {licence.number, police.number, bundle.number}
    assert numbers(status="ACCEPTED") == {licence.number}
    assert numbers(signal="GREEN") == {licence.number}
    assert numbers(signal="RED") == set()
    assert numbers(channel="ONLINE") == {bundle.number}
    assert numbers(department="XF") == {licence.number}  # a co-reviewing department
    assert numbers(department="GA") == {police.number}
    assert numbers(matter="QR-003") == {police.number, bundle.number}  # also inside a bundle
    assert numbers(q=police.number[-5:]) == {police.number}
    assert numbers(q="张三") == {licence.number, police.number, bundle.number}
    api.call("get", "", {"status": "BOGUS"}, user=boss, expect=422)


def test_the_list_is_paginated(client, people, submit):
    for _ in range(3):
        submit()
    api = Api(client)
    body = api.get("", user=people["clerk"], page_size=2, page=2)
    assert body["count"] == 3 and len(body["items"]) == 1
    assert api.get("", user=people["clerk"], page=9)["items"] == []
    for absurd in ({"page": 0}, {"page": 10**20}, {"page_size": "many"}):
        assert api.get("", user=people["clerk"], expect=422, **absurd)["code"] == "invalid_input"


def test_the_list_costs_the_same_queries_for_2_or_6_cases(
    client, people, accepted, django_assert_num_queries
):
    api = Api(client)
    for _ in range(2):
        accepted()
    two = {who: queries_for(api, "", people[who]) for who in ("supervisor", "clerk")}
    for _ in range(4):
        accepted()
    assert api.get("", user=people["clerk"])["count"] == 6
    with django_assert_num_queries(LIST_QUERIES_SUPERVISOR):
        api.get("", user=people["supervisor"])
    with django_assert_num_queries(LIST_QUERIES_CLERK):
        api.get("", user=people["clerk"])
    assert two == {"supervisor": LIST_QUERIES_SUPERVISOR, "clerk": LIST_QUERIES_CLERK}


# ---- inbox and overdue --------------------------------------------------------------------


def test_the_inbox_holds_the_departments_open_reviews(client, people, accepted):
    api = Api(client)
    case = accepted()
    body = api.get("/inbox", user=people["fire_reviewer"])
    assert body["count"] == 1
    row = body["items"][0]
    assert row["review_id"] == case.reviews.get(department__code="XF").pk
    assert row["step_name"] == "审查" and not row["is_lead"]
    assert row["case"]["number"] == case.number and row["case"]["signal"] == "GREEN"
    assert api.get("/inbox", user=people["police_reviewer"])["count"] == 0
    body = api.get("/inbox", user=people["clerk"], expect=403)
    assert body["code"] == "forbidden"


def test_the_inbox_costs_the_same_queries_for_2_or_6_cases(
    client, people, accepted, django_assert_num_queries
):
    api = Api(client)
    for _ in range(2):
        accepted()
    two = queries_for(api, "/inbox", people["food_reviewer"])
    for _ in range(4):
        accepted()
    with django_assert_num_queries(INBOX_QUERIES):
        assert api.get("/inbox", user=people["food_reviewer"])["count"] == 6
    assert two == INBOX_QUERIES


def test_overdue_cases_show_their_days_late(client, people, accepted):
    api = Api(client)
    case = accepted()
    assert api.get("/overdue", user=people["supervisor"])["count"] == 0
    with time_machine.travel(case.due_at + timedelta(days=14), tick=False):
        row = api.get("/overdue", user=people["supervisor"])["items"][0]
        assert row["number"] == case.number and row["signal"] == "RED"
        assert row["days_overdue"] >= 9  # two calendar weeks: about ten working days
        assert api.get("/overdue", user=people["fire_reviewer"])["count"] == 1
        assert api.get("/overdue", user=people["police_reviewer"])["count"] == 0
        assert api.get("/overdue", user=people["supervisor"], department="GA")["count"] == 0
        api.get("/overdue", user=people["clerk"], expect=403)
        api.get("/overdue", user=people["citizen"], expect=403)


def test_overdue_costs_the_same_queries_for_2_or_6_cases(
    client, people, accepted, django_assert_num_queries
):
    api = Api(client)
    cases = [accepted() for _ in range(2)]
    late = timezone.now() + timedelta(days=60)
    with time_machine.travel(late, tick=False):
        two = queries_for(api, "/overdue", people["supervisor"])
    cases += [accepted() for _ in range(4)]
    with time_machine.travel(late, tick=False), django_assert_num_queries(OVERDUE_QUERIES):
        body = api.get("/overdue", user=people["supervisor"])
    assert body["count"] == len(cases) == 6
    assert two == OVERDUE_QUERIES


# ---- detail and notices -------------------------------------------------------------------


def test_the_detail_shows_each_person_what_they_may_do(client, people, accepted):
    api = Api(client)
    case = accepted()
    number = case.number
    clerk_view = api.get(f"/{number}", user=people["clerk"])
    assert clerk_view["allowed_actions"] == ["withdraw"]  # the window may withdraw for them
    assert len(clerk_view["reviews"]) == 3 and not any(
        r["may_decide"] for r in clerk_view["reviews"]
    )
    assert clerk_view["form_data"]["shop_name"] == "张三小吃"
    fire = api.get(f"/{number}", user=people["fire_reviewer"])
    mine = [r for r in fire["reviews"] if r["may_decide"]]
    assert [r["department"]["code"] for r in mine] == ["XF"]
    assert api.get(f"/{number}", user=people["citizen"])["allowed_actions"] == ["withdraw"]
    assert api.get(f"/{number}", user=people["supervisor"])["allowed_actions"] == []


@pytest.fixture
def fake_pdf(monkeypatch):
    """Stands in for notices.render_notice_pdf (WeasyPrint is slow, and tested on its own)."""
    rendered = []

    def render(notice):
        rendered.append(notice)
        return b"%PDF-1.7 fake"

    try:
        from onewindow.cases import notices
    except ImportError:  # written in parallel: stand in for the whole module until it lands
        notices = types.ModuleType("onewindow.cases.notices")
        notices.notice_filename = lambda notice: f"{notice.number}.pdf"
        monkeypatch.setitem(sys.modules, "onewindow.cases.notices", notices)
    monkeypatch.setattr(notices, "render_notice_pdf", render, raising=False)
    return rendered


def test_notices_are_listed_and_served_as_pdf(client, people, accepted, submit, fake_pdf):
    api = Api(client)
    case = accepted()
    notices = api.get(f"/{case.number}/notices", user=people["citizen"])
    assert [n["kind_label"] for n in notices] == ["受理通知单"]
    response = client.get(notices[0]["pdf_url"], **api.headers(people["citizen"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and fake_pdf[0].pk == notices[0]["id"]
    assert response["Content-Disposition"].startswith("inline; filename")
    other = submit()
    api.call("get", f"/{other.number}/notices/{notices[0]['id']}/pdf", user=people["clerk"], expect=404)  # fmt: skip


def test_a_notice_pdf_is_rendered_for_real(client, people, accepted):
    pytest.importorskip("onewindow.cases.notices")
    api = Api(client)
    case = accepted()
    notice = case.notices.get()
    response = api.call("get", f"/{case.number}/notices/{notice.pk}/pdf", user=people["clerk"])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# ---- the description ----------------------------------------------------------------------


def test_the_openapi_description_lists_the_case_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in ("/api/v1/cases/", "/api/v1/cases/{number}", "/api/v1/cases/inbox",
                 "/api/v1/cases/{number}/reviews/{review_id}/decide", "/api/v1/cases/progress"):  # fmt: skip
        assert path in paths, path
    submit = paths["/api/v1/cases/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in submit["parameters"]]
    assert {"200", "201", "403", "404", "409", "422"} <= set(submit["responses"])
    assert paths["/api/v1/cases/progress"]["get"].get("security") in (None, [])


def test_the_docs_page_is_served(client, db):
    assert client.get("/api/v1/docs").status_code == 200


def test_the_docs_page_loads_its_assets_from_this_site(client, db):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "https://" not in html  # no CDN
