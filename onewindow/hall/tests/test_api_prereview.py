"""The pre-review endpoints of the hall API: recording a pre-review at the clerk's own
service point (a pass issues a ticket, a fail the one-time notice), and the time per
matter for the hall's managers."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from onewindow.accounts.roles import Role
from onewindow.hall.choices import TicketSource
from onewindow.hall.models import PreReview, Ticket
from onewindow.hall.tests.test_api import Api

pytestmark = pytest.mark.urls("onewindow.hall.tests.urls_api")


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def admin(hall, django_user_model):
    user = django_user_model.objects.create_user("halladmin", password="pw-123456")
    user.groups.add(Group.objects.get_or_create(name=Role.ADMIN)[0])
    return user


def materials(matter):
    return {m.name: m.pk for m in matter.materials.all()}


def started(minutes=5):
    return (timezone.now() - timedelta(minutes=minutes)).isoformat()


def all_provided(matter):
    return [
        {"material_id": pk, "result": "PROVIDED", "note": ""} for pk in materials(matter).values()
    ]


def record(api, user, matter_code="BDC-001", checks=None, expect=201, **extra):
    body = {"matter_code": matter_code, "checks": checks or [], "started_at": started(), **extra}
    return api.post("/prereviews", body, user, expect)


def test_a_pass_issues_a_ticket_in_the_matters_queue(api, hall, hall_matters, hall_people):
    estate = hall_matters["estate"]
    body = record(
        api, hall_people["clerk"], checks=all_provided(estate), applicant_name="李四",
        applicant_phone="13800138000",
    )  # fmt: skip
    assert body["passed"] is True and body["problems"] == []
    assert body["ticket"]["queue"] == "B" and body["ticket"]["queue_name"] == "不动产登记"
    assert 290 <= body["seconds"] <= 400
    ticket = Ticket.objects.get(pk=body["ticket"]["id"])
    assert ticket.number == body["ticket"]["number"]
    assert ticket.source == TicketSource.PRE_REVIEW and ticket.pre_review_id == body["id"]
    review = PreReview.objects.get(pk=body["id"])
    assert review.clerk == hall_people["clerk"] and review.applicant_name == "李四"


def test_a_fail_issues_no_ticket_and_lists_the_problems(api, hall, hall_matters, hall_people):
    ids = materials(hall_matters["estate"])
    checks = [
        {"material_id": ids["不动产权证书"], "result": "MISSING"},
        {"material_id": ids["买卖合同"], "result": "INVALID", "note": "缺少买方签字"},
    ]
    body = record(api, hall_people["clerk"], checks=checks)
    assert body["passed"] is False and body["ticket"] is None
    assert [(p["name"], p["result"], p["note"]) for p in body["problems"]] == [
        ("不动产权证书", "MISSING", ""),
        ("买卖合同", "INVALID", "缺少买方签字"),
    ]
    assert not Ticket.objects.exists()


def test_a_naive_start_time_is_local_time(api, hall, hall_matters, hall_people):
    naive = timezone.localtime() - timedelta(minutes=2)
    body = record(
        api,
        hall_people["clerk"],
        matter_code="QT-002",
        checks=all_provided(hall_matters["other"]),
        started_at=naive.replace(tzinfo=None).isoformat(),
    )
    assert body["passed"] is True and body["ticket"]["queue"] == "A"  # comprehensive queue


def test_prereview_roles(api, hall, hall_matters, hall_people, admin):
    checks = all_provided(hall_matters["estate"])
    assert record(api, None, checks=checks, expect=401)["code"] == "unauthenticated"
    for user in (hall_people["citizen"], hall_people["supervisor"]):
        refused = record(api, user, checks=checks, expect=403)
        assert refused["code"] == "forbidden" and "窗口工作人员" in refused["message"]
    for user in (hall_people["lost_clerk"], admin):  # no service point on the profile
        assert record(api, user, checks=checks, expect=403)["code"] == "no_service_point"
    assert not PreReview.objects.exists()


def test_prereview_bad_input_never_500(api, hall, hall_matters, hall_people):
    clerk = hall_people["clerk"]
    ids = materials(hall_matters["estate"])
    cert, contract = ids["不动产权证书"], ids["买卖合同"]
    ok = [
        {"material_id": cert, "result": "PROVIDED"},
        {"material_id": contract, "result": "PROVIDED"},
    ]

    def code(expect=422, **body):
        return record(api, clerk, **body, expect=expect)["code"]

    assert code(404, matter_code="NOPE", checks=ok) == "matter_not_found"
    unknown = [*ok, {"material_id": 999_999, "result": "PROVIDED"}]
    assert code(checks=unknown) == "prereview_unknown_material"
    assert code(checks=[*ok, {"material_id": 2**40, "result": "PROVIDED"}]) == "invalid_input"
    assert code(checks=[*ok, {"material_id": "x", "result": "PROVIDED"}]) == "invalid_input"
    assert code(checks=[{"material_id": cert, "result": "MAYBE"}]) == "invalid_input"
    assert code(checks=ok[:1]) == "prereview_unchecked"
    assert code(checks=[ok[0], {"material_id": contract, "result": "INVALID"}]) == "prereview_note"
    future = (timezone.now() + timedelta(minutes=5)).isoformat()
    assert code(checks=ok, started_at=future) == "prereview_bad_start"
    stale = (timezone.now() - timedelta(days=1)).isoformat()
    assert code(checks=ok, started_at=stale) == "prereview_bad_start"
    assert code(checks=ok, started_at="yesterday") == "invalid_input"
    assert code(checks="all") == "invalid_input"
    assert (
        api.post("/prereviews", {"matter_code": "BDC-001"}, clerk, 422)["code"] == "invalid_input"
    )
    assert not PreReview.objects.exists()


def test_stats_time_per_matter(api, hall, hall_matters, hall_people, admin):
    clerk = hall_people["clerk"]
    record(api, clerk, checks=all_provided(hall_matters["estate"]))
    ids = materials(hall_matters["estate"])
    record(api, clerk, checks=[{"material_id": ids["不动产权证书"], "result": "MISSING"},
                               {"material_id": ids["买卖合同"], "result": "PROVIDED"}])  # fmt: skip
    record(api, clerk, "QT-002", checks=all_provided(hall_matters["other"]))

    body = api.get("/prereviews/stats", hall_people["supervisor"], days=7)
    assert body["days"] == 7 and body["service_point_code"] == "HALL"
    rows = {row["code"]: row for row in body["matters"]}
    assert [row["code"] for row in body["matters"]] == ["BDC-001", "QT-002"]
    assert (rows["BDC-001"]["count"], rows["BDC-001"]["passed"]) == (2, 1)
    assert rows["BDC-001"]["pass_rate"] == 0.5
    assert 290 <= rows["QT-002"]["avg_seconds"] <= 400
    # An admin without a service point sees every place; the default is 30 days.
    everywhere = api.get("/prereviews/stats", admin)
    assert everywhere["days"] == 30 and everywhere["service_point_code"] is None
    assert len(everywhere["matters"]) == 2


def test_stats_refusals(api, hall, hall_people):
    assert api.get("/prereviews/stats", None, 401)["code"] == "unauthenticated"
    for user in (hall_people["clerk"], hall_people["citizen"]):
        assert api.get("/prereviews/stats", user, 403)["code"] == "forbidden"
    supervisor = hall_people["supervisor"]
    for days in (0, 10_000, "abc"):
        assert api.get("/prereviews/stats", supervisor, 422, days=days)["code"] == "invalid_input"
    assert api.get("/prereviews/stats", supervisor)["matters"] == []
