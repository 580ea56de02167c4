"""Supervision pages and API: who sees what, forms that say why they refuse, fixed query
counts on the lists."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from onewindow.supervision import services
from onewindow.supervision.models import Accountability, Deduction, PatrolLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(accepted):
    """n overdue cases of 市场监管 with their accountability records."""

    def _make(n):
        with time_machine.travel(timezone.make_aware(datetime(2026, 11, 2, 10)), tick=False):
            made = [accepted() for _ in range(n)]
        services.accountability_sweep(now=made[0].due_at + timedelta(hours=1))
        return list(Accountability.objects.filter(case__in=made))

    return _make


def test_the_accountability_list_costs_the_same_for_3_or_12_records(
    client, people, overdue, django_assert_max_num_queries
):
    client.force_login(people["supervisor"])
    overdue(3)
    client.get("/supervision/")
    with django_assert_max_num_queries(20) as few:
        assert client.get("/supervision/").status_code == 200
    overdue(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/supervision/").content.decode()
    assert page.count("/supervision/accountability/") == 12


def test_the_api_list_costs_the_same_for_3_or_12_records(
    client, people, overdue, django_assert_max_num_queries
):
    client.force_login(people["supervisor"])
    overdue(3)
    client.get("/api/v1/supervision/accountabilities")
    with django_assert_max_num_queries(20) as few:
        client.get("/api/v1/supervision/accountabilities")
    overdue(9)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/supervision/accountabilities").json()
    assert body["count"] == 12 and body["items"][0]["department"] == "区市场监督管理局"


def test_a_department_sees_and_explains_its_own_records_only(client, people, overdue):
    (record,) = overdue(1)
    client.force_login(people["police_reviewer"])
    assert client.get("/api/v1/supervision/accountabilities").json()["count"] == 0
    assert client.get(f"/supervision/accountability/{record.pk}/").status_code == 404
    client.force_login(people["food_reviewer"])
    response = client.post(
        f"/api/v1/supervision/accountabilities/{record.pk}/explain",
        {"explanation": "现场核查等待整改"}, content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "EXPLAINED"
    refused = client.post(
        f"/api/v1/supervision/accountabilities/{record.pk}/close",
        {"conclusion": "同意"}, content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    client.force_login(people["supervisor"])
    page = client.post(
        f"/supervision/accountability/{record.pk}/", {"action": "close", "conclusion": "批评教育"}
    )
    assert page.status_code == 302
    record.refresh_from_db()
    assert record.status == "CLOSED"


def test_an_empty_explanation_comes_back_with_the_reason(client, people, overdue):
    (record,) = overdue(1)
    client.force_login(people["food_reviewer"])
    response = client.post(
        f"/supervision/accountability/{record.pk}/", {"action": "explain", "explanation": " "},
        follow=True,
    )  # fmt: skip
    assert "请填写超期原因的情况说明" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "OPEN"


def test_office_pages_are_closed_to_clerks(client, people):
    client.force_login(people["clerk"])
    for path in ("/supervision/assessments/", "/supervision/patrols/", "/supervision/bulletin/"):
        assert client.get(path).status_code == 403
    assert client.get("/supervision/honours/").status_code == 200  # the honour board is public
    response = client.post(
        "/api/v1/supervision/deductions",
        {"staff": "clerk", "item_code": "LATE", "occurred_at": "2026-11-02T09:10:00+08:00", "note": "迟到"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403


def test_deductions_scores_and_awards_over_the_api(client, people):
    client.force_login(people["supervisor"])
    bad = client.post(
        "/api/v1/supervision/deductions",
        {"staff": "clerk", "item_code": "NOPE", "occurred_at": "2026-10-02T09:10:00+08:00", "note": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["code"] == "deduction_item_not_found"
    made = client.post(
        "/api/v1/supervision/deductions",
        {"staff": "clerk", "item_code": "COMPLAINT", "occurred_at": "2026-10-02T09:10:00+08:00",
         "note": "群众投诉", "points": 15},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201
    scores = client.post(
        "/api/v1/supervision/assessments/compute",
        {"month": "2026-10"},
        content_type="application/json",
    ).json()
    assert {s["staff"]: s["score"] for s in scores}["clerk"] == 85
    actions = client.get("/api/v1/supervision/actions", {"month": "2026-10"}).json()
    assert [(a["staff"], a["kind"]) for a in actions] == [("clerk", "TALK")]
    awards = client.post(
        "/api/v1/supervision/awards/grant", {"month": "2026-10"}, content_type="application/json"
    ).json()
    winners = [a["winner"] for a in awards if a["kind"] == "STAFF"]
    assert "postclerk" in winners and "clerk" not in winners  # 15 points off: no award
    assert any(a["kind"] == "STAFF" for a in client.get("/api/v1/supervision/awards").json())


def test_patrol_log_findings_and_the_weekly_bulletin(client, people, district):
    client.force_login(people["supervisor"])
    today = timezone.localdate()
    response = client.post(
        "/supervision/patrols/",
        {"service_point": district["hall"].pk, "day": today.isoformat(), "summary": "上午巡查"},
    )
    log = PatrolLog.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/patrols/{log.pk}/")
    again = client.post(
        "/supervision/patrols/",
        {"service_point": district["hall"].pk, "day": today.isoformat()},
        follow=True,
    )
    assert "该场所当天已有巡查记录" in again.content.decode()
    client.post(
        f"/supervision/patrols/{log.pk}/",
        {
            "item": "CHATTING",
            "description": "1号窗口玩手机",
            "staff": people["clerk"].pk,
            "deduct": "1",
        },
    )
    assert Deduction.objects.get().staff == people["clerk"]
    page = client.get("/supervision/bulletin/").content.decode()
    assert "1号窗口玩手机" in page and "政务服务效能周通报" in page
    pdf = client.get("/supervision/bulletin.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    api = client.get("/api/v1/supervision/bulletin").json()
    assert api["findings"] == 1 and api["deductions"][0]["staff"] == "clerk"


def test_the_assessment_page_scores_the_month_and_refuses_a_deduction_without_a_reason(
    client, people
):
    client.force_login(people["supervisor"])
    month = date.today().replace(day=1).strftime("%Y-%m")
    response = client.post(
        "/supervision/assessments/",
        {"month": month, "action": "deduct", "staff": people["clerk"].pk, "item": "LATE", "note": ""},
        follow=True,
    )  # fmt: skip
    assert "请写明扣分事由" in response.content.decode()
    client.post("/supervision/assessments/", {"month": month, "action": "compute"})
    page = client.get("/supervision/assessments/", {"month": month}).content.decode()
    assert "clerk" in page and "100" in page


def test_the_patrol_list_costs_the_same_for_any_number_of_logs(
    client, people, district, django_assert_max_num_queries
):
    from datetime import date as d

    client.force_login(people["supervisor"])
    services.patrol_log_open(
        service_point=district["hall"], day=d(2026, 11, 2), summary="", actor=people["supervisor"]
    )
    client.get("/supervision/patrols/")
    with django_assert_max_num_queries(20) as few:
        client.get("/supervision/patrols/")
    for day in range(3, 12):
        services.patrol_log_open(
            service_point=district["hall"],
            day=d(2026, 11, day),
            summary="巡查",
            actor=people["supervisor"],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/supervision/patrols/").content.decode()
    assert page.count("/supervision/patrols/") >= 10
