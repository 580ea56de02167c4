"""The hall API: every endpoint, who may call it, its errors, and fixed query counts for
the lists a display board polls."""

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.accounts.services import token_create
from onewindow.cases.models import Applicant, Case
from onewindow.catalog import services as catalog
from onewindow.catalog.choices import MatterKind, MatterType
from onewindow.catalog.models import Department, ServicePoint, Window
from onewindow.hall import services
from onewindow.hall.models import Ticket

API = "/api/v1/hall"
pytestmark = pytest.mark.urls("onewindow.hall.tests.urls_api")


class Api:
    """Calls the hall API as a user (None = anonymous) with a bearer token."""

    def __init__(self, client):
        self.client, self.tokens = client, {}

    def call(self, method, path, body=None, *, user=None, expect=200):
        extra = {}
        if user is not None:
            if user.pk not in self.tokens:
                self.tokens[user.pk] = token_create(user=user, name="接口测试", actor=None)[1]
            extra["HTTP_AUTHORIZATION"] = f"Bearer {self.tokens[user.pk]}"
        if method == "get":
            response = self.client.get(API + path, body or {}, **extra)
        else:
            data = "" if body is None else json.dumps(body)
            response = self.client.post(API + path, data, content_type="application/json", **extra)
        assert response.status_code == expect, (response.status_code, response.content.decode())
        return response.json()

    def get(self, path, user=None, expect=200, **params):
        return self.call("get", path, params, user=user, expect=expect)

    def post(self, path, body=None, user=None, expect=200):
        return self.call("post", path, body, user=user, expect=expect)


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def people(hall, django_user_model):
    def make(username, role, window=None, point=hall["point"]):
        user = django_user_model.objects.create_user(username, password="pw-123456")
        if role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        StaffProfile.objects.create(
            user=user, full_name=username, employee_number=username, service_point=point,
            window=window,
        )  # fmt: skip
        return user

    town = ServicePoint.objects.create(
        code="TOWN", name="龙溪街道便民服务中心", kind="TOWN_CENTER", region=hall["point"].region
    )
    w1, _w2, w3 = hall["windows"]
    return {
        "clerk": make("clerk", Role.CLERK, w1),
        "clerk3": make("clerk3", Role.CLERK, w3),
        "deskless": make("deskless", Role.CLERK),
        "town_clerk": make("town_clerk", Role.CLERK, point=town),
        "supervisor": make("supervisor", Role.SUPERVISOR),
        "admin": make("admin", Role.ADMIN, point=None),
        "reviewer": make("reviewer", Role.REVIEWER),
        "citizen": django_user_model.objects.create_user("citizen", password="pw-123456"),
    }


def issue(api, user, letter="A", expect=201, **extra):
    return api.post("/points/HALL/tickets", {"queue_letter": letter, **extra}, user, expect)


# ---- queues, issuing, a ticket ------------------------------------------------------------


def test_queues_list_waiting_counts(api, hall, people):
    issue(api, people["clerk"])
    issue(api, people["clerk"])
    issue(api, people["clerk"], "B")
    body = api.get("/points/HALL/queues", people["citizen"])
    assert body["count"] == 3
    rows = {q["letter"]: q for q in body["items"]}
    assert (rows["A"]["waiting"], rows["B"]["waiting"], rows["V"]["waiting"]) == (2, 1, 0)
    assert rows["V"]["kind_label"] == "绿色通道"


def test_queues_unknown_point_and_anonymous(api, people):
    assert api.get("/points/NOPE/queues", people["clerk"], 404)["code"] == "service_point_not_found"
    assert api.get("/points/HALL/queues", None, 401)["message"] == "请先登录或提供有效的接口令牌"


def test_queues_query_count_is_fixed(api, hall, people):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            api.get("/points/HALL/queues", people["clerk"])
        return len(ctx)

    api.get("/points/HALL/queues", people["clerk"])  # the token's first use writes last_used_at
    few = queries()
    for _ in range(5):
        issue(api, people["clerk"])
        issue(api, people["clerk"], "B")
    assert queries() == few


def test_issue_ticket_numbers_and_position(api, hall, people):
    first = issue(api, people["clerk"], phone="13800000000")
    second = issue(api, people["clerk"], "a")  # letters are not case-sensitive
    assert (first["number"], second["number"]) == ("A001", "A002")
    assert (first["ahead"], second["ahead"]) == (0, 1)
    assert second["status"] == "WAITING" and second["status_label"] == "等待叫号"
    priority = issue(api, people["clerk"], priority=True)
    assert priority["rank_label"] == "绿色通道" and priority["ahead"] == 0
    assert api.get(f"/tickets/{second['id']}", people["citizen"])["ahead"] == 2
    assert Ticket.objects.get(pk=first["id"]).source == "KIOSK"


def test_issue_is_for_clerks_of_the_point_and_admins(api, hall, people):
    for who in ("citizen", "supervisor", "reviewer"):
        assert issue(api, people[who], expect=403)["code"] == "forbidden"
    assert issue(api, people["town_clerk"], expect=403)["code"] == "other_service_point"
    assert issue(api, people["admin"])["number"] == "A001"
    assert issue(api, None, expect=401)["code"] == "unauthenticated"


def test_issue_errors(api, hall, people):
    assert issue(api, people["clerk"], "Z", 404)["message"] == "本场所没有该队列"
    assert api.post("/points/NOPE/tickets", {"queue_letter": "A"}, people["admin"], 404)
    assert issue(api, people["clerk"], phone="call me", expect=422)["code"] == "invalid_input"
    hall["B"].is_active = False
    hall["B"].save()
    assert issue(api, people["clerk"], "B", 409)["code"] == "queue_closed"
    assert not Ticket.objects.filter(queue=hall["B"]).exists()


def test_ticket_detail(api, hall, people):
    assert api.get("/tickets/999", people["clerk"], 404)["code"] == "ticket_not_found"
    ticket = issue(api, people["clerk"])
    api.post("/window/call-next", None, people["clerk"])
    shown = api.get(f"/tickets/{ticket['id']}", people["clerk"])
    assert shown["status"] == "CALLED" and shown["window_number"] == "1"
    assert shown["ahead"] is None


# ---- the window ---------------------------------------------------------------------------


def test_window_flow_call_recall_start_finish(api, hall, people):
    clerk = people["clerk"]
    assert api.get("/window", clerk) == {
        "window": {"id": hall["windows"][0].pk, "number": "1", "name": "1号窗口",
                   "service_point_code": "HALL", "is_open": True, "is_standby": False},
        "ticket": None,
    }  # fmt: skip
    assert api.post("/window/call-next", None, clerk)["ticket"] is None  # nobody waits
    issue(api, clerk, "B")  # window 1 does not serve B
    issue(api, clerk)
    issue(api, clerk, "V")
    called = api.post("/window/call-next", None, clerk)["ticket"]
    assert called["number"] == "V001"  # the priority lane first
    assert api.post("/window/call-next", None, clerk, 409)["code"] == "window_busy"
    assert api.post("/window/recall", None, clerk)["ticket"]["call_count"] == 2
    assert api.post("/window/start", None, clerk)["ticket"]["status"] == "SERVING"
    assert api.post("/window/start", None, clerk, 409)["code"] == "ticket_already_serving"
    assert api.get("/window", clerk)["ticket"]["number"] == "V001"
    done = api.post("/window/finish", {}, clerk)["ticket"]
    assert done["status"] == "DONE" and done["finished_at"]
    assert api.get("/window", clerk)["ticket"] is None
    assert api.post("/window/call-next", None, clerk)["ticket"]["number"] == "A001"


def test_finish_links_the_case(api, hall, people):
    clerk = people["clerk"]
    issue(api, clerk)
    api.post("/window/call-next", None, clerk)
    assert (
        api.post("/window/finish", {"case_number": "NOPE"}, clerk, 404)["code"] == "case_not_found"
    )
    case = _case(hall)
    done = api.post("/window/finish", {"case_number": case.number}, clerk)["ticket"]
    assert done["case_number"] == case.number
    assert Ticket.objects.get(pk=done["id"]).case == case


def test_finish_and_call_next_in_one_request(api, hall, people):
    clerk = people["clerk"]
    issue(api, clerk), issue(api, clerk)
    first = api.post("/window/call-next", None, clerk)["ticket"]
    body = {"case_number": "NOPE"}
    assert api.post("/window/finish-and-call", body, clerk, 404)["code"] == "case_not_found"
    assert Ticket.objects.get(pk=first["id"]).status == "CALLED"  # nothing half done
    case = _case(hall)
    called = api.post("/window/finish-and-call", {"case_number": case.number}, clerk)["ticket"]
    assert called["number"] == "A002" and called["status"] == "CALLED"
    assert Ticket.objects.get(pk=first["id"]).case == case
    assert api.post("/window/finish-and-call", {}, clerk)["ticket"] is None  # nobody waits
    assert Ticket.objects.filter(status="DONE").count() == 2


def test_no_show_and_transfer(api, hall, people):
    clerk = people["clerk"]
    issue(api, clerk)
    issue(api, clerk)
    api.post("/window/call-next", None, clerk)
    assert api.post("/window/no-show", None, clerk)["ticket"]["status"] == "NO_SHOW"
    api.post("/window/call-next", None, clerk)
    assert (
        api.post("/window/transfer", {"queue_letter": "Z"}, clerk, 404)["code"] == "queue_not_found"
    )
    assert (
        api.post("/window/transfer", {"queue_letter": "A"}, clerk, 422)["code"]
        == "transfer_same_queue"
    )
    moved = api.post("/window/transfer", {"queue_letter": "B"}, clerk)["ticket"]
    assert moved["number"] == "B001" and moved["status"] == "WAITING"
    assert api.get("/window", clerk)["ticket"] is None
    assert api.post("/window/call-next", None, people["clerk3"])["ticket"]["number"] == "B001"


def test_window_actions_with_nothing_open(api, people):
    for action in ("recall", "start", "no-show", "finish"):
        body = {} if action == "finish" else None
        answer = api.post(f"/window/{action}", body, people["clerk"], 409)
        assert answer["code"] == "window_has_no_ticket" and answer["message"]


def test_window_needs_a_clerk_with_a_window(api, people):
    assert api.get("/window", people["deskless"], 403)["code"] == "no_window"
    assert api.post("/window/call-next", None, people["supervisor"], 403)["code"] == "forbidden"
    assert api.post("/window/call-next", None, people["citizen"], 403)["code"] == "forbidden"
    assert api.get("/window", None, 401)["code"] == "unauthenticated"


# ---- the manager --------------------------------------------------------------------------


def test_open_and_close_windows(api, hall, people):
    window = hall["windows"][0]
    closed = api.post(f"/windows/{window.pk}/close", None, people["supervisor"])
    assert closed["is_open"] is False
    issue(api, people["clerk"])
    assert api.post("/window/call-next", None, people["clerk"], 409)["code"] == "window_closed"
    assert api.post(f"/windows/{window.pk}/open", None, people["admin"])["is_open"] is True
    api.post("/window/call-next", None, people["clerk"])
    busy = api.post(f"/windows/{window.pk}/close", None, people["supervisor"], 409)
    assert busy["code"] == "window_busy"
    assert (
        api.post("/windows/99999/open", None, people["supervisor"], 404)["code"]
        == "window_not_found"
    )
    for who in ("clerk", "citizen"):
        assert (
            api.post(f"/windows/{window.pk}/close", None, people[who], 403)["code"] == "forbidden"
        )
    assert Window.objects.get(pk=window.pk).is_open


# ---- the board ----------------------------------------------------------------------------


def test_board_shows_calls_and_waiting(api, hall, people):
    for letter in "AAAB":
        issue(api, people["clerk"], letter)
    api.post("/window/call-next", None, people["clerk"])
    api.post("/window/call-next", None, people["clerk3"])
    board = api.get("/points/HALL/board", people["citizen"])
    assert board["service_point_name"] == "区政务服务中心"
    assert {(c["number"], c["window_number"]) for c in board["calling"]} == {
        ("A001", "1"),
        ("B001", "3"),
    }
    assert {q["letter"]: q["waiting"] for q in board["queues"]} == {"V": 0, "A": 2, "B": 0}
    assert api.get("/points/NOPE/board", people["clerk"], 404)["code"] == "service_point_not_found"


def test_board_query_count_is_fixed(api, hall, people):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            api.get("/points/HALL/board", people["clerk"])
        return len(ctx)

    api.get("/points/HALL/board", people["clerk"])
    few = queries()
    extra = [
        Window.objects.create(service_point=hall["point"], number=f"8{i}", name="加开", kind="COMPREHENSIVE")
        for i in range(4)
    ]  # fmt: skip
    hall["A"].windows.add(*extra)
    for _ in range(8):
        services.ticket_issue(queue=hall["A"], actor=None)
    for window in extra:
        services.ticket_call_next(window=window, actor=None)
    assert queries() == few


def _case(hall) -> Case:
    region = hall["point"].region
    department = Department.objects.create(code="SCJG", name="区市场监督管理局", region=region)
    matter = catalog.matter_create(
        data=catalog.MatterInput(
            fields=dict(code="XK-001", name="公共场所卫生许可", matter_type=MatterType.LICENSING,
                        department=department, kind=MatterKind.PROMISED, legal_limit_days=20,
                        promised_limit_days=10, channels=["WINDOW"]),
            materials=[{"name": "申请书"}],
        ),
        actor=None, publish=True,
    )  # fmt: skip
    applicant = Applicant.objects.create(kind="PERSON", name="张三", id_number="11010519491231002X")
    return Case.objects.create(
        number="HALL-20250101-00001", matter=matter, applicant=applicant, channel="WINDOW",
        region=region, service_point=hall["point"], lead_department=department,
        status="SUBMITTED", promised_limit_days=10, submitted_at=timezone.now(),
    )  # fmt: skip
