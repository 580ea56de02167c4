"""A case from submission to delivery through the API alone, and the other ways it ends."""

from django.test import Client

from onewindow.cases.models import Case

from .conftest import GOOD_FORM
from .test_api_support import API, OTHER_PERSON, Api, review_ids, window_submission


def test_a_case_goes_from_submission_to_closing_through_the_api_alone(client, people):
    api, clerk = Api(client), people["clerk"]
    applicant = api.post("/applicants", window_submission()["applicant"], user=clerk, expect=201)
    case = api.post(
        "", window_submission(applicant=None, applicant_id=applicant["id"]), user=clerk, expect=201
    )
    number = case["number"]
    assert case["status"] == "SUBMITTED" and case["status_label"] == "已提交"
    assert case["service_point"]["code"] == "HALL" and case["window"] == "1"
    assert case["allowed_actions"] == ["pre_review", "withdraw"]

    case = api.post(f"/{number}/pre-review", {"checks": [{"name": "申请书"}]}, user=clerk)
    assert case["status"] == "PRE_REVIEWED" and "accept" in case["allowed_actions"]
    case = api.post(f"/{number}/accept", user=clerk)
    assert case["status"] == "ACCEPTED" and case["signal"] == "GREEN"
    assert [n["kind"] for n in case["notices"]] == ["ACCEPTANCE"]
    reviews = review_ids(case)
    assert set(reviews) == {"SCJG/1", "XF/1", "SCJG/2"}  # parallel review, then the decision

    fire, food = people["fire_reviewer"], people["food_reviewer"]
    assert api.get(f"/{number}", user=fire)["allowed_actions"] == ["suspend", "decide"]
    api.post(f"/{number}/reviews/{reviews['XF/1']}/decide", {"approve": True}, user=fire)
    case = api.post(f"/{number}/reviews/{reviews['SCJG/1']}/decide", {"approve": True}, user=food)
    assert case["status"] == "IN_REVIEW"
    decision = next(r for r in case["reviews"] if r["is_decision"])
    assert decision["status"] == "OPEN" and decision["may_decide"]
    case = api.post(
        f"/{number}/reviews/{reviews['SCJG/2']}/decide",
        {"approve": True, "opinion": "符合条件，准予许可"},
        user=food,
    )
    assert case["status"] == "APPROVED" and case["concluded_at"]

    case = api.post(
        f"/{number}/deliver",
        {"method": "MAIL", "address": "清江区滨江路1号", "tracking_number": "SF1234567890"},
        user=clerk,
    )
    assert case["delivery"]["method_label"] == "邮寄送达"
    case = api.post(f"/{number}/close", user=clerk)
    assert case["status"] == "CLOSED" and case["allowed_actions"] == []

    events = api.get(f"/{number}/timeline", user=people["supervisor"])
    actions = [e["action"] for e in events]
    assert actions[:3] == ["case.submitted", "case.pre_reviewed", "case.accepted"]
    assert actions[-2:] == ["case.delivered", "case.closed"]
    assert "review.approve" in actions
    assert events[0]["actor"] == "clerk"  # the clerk's staff name


def test_an_applicant_registers_and_applies_online_for_themselves(client, people, district):
    api, citizen = Api(client), people["citizen"]
    me = api.post(
        "/applicants",
        {"kind": "PERSON", "name": "李四", "id_number": OTHER_PERSON, "phone": "13900000000"},
        user=citizen,
        expect=201,
    )
    assert me["has_account"] and me["masked_id"] == f"110105********{OTHER_PERSON[-4:]}"
    case = api.post(
        "",
        {"matter_code": "XK-001", "channel": "ONLINE", "form_data": GOOD_FORM},
        user=citizen,
        expect=201,
    )
    assert case["applicant"]["name"] == "李四" and case["service_point"] is None
    assert case["channel_label"] == "网上"
    listed = api.get("", user=citizen)
    assert [row["number"] for row in listed["items"]] == [case["number"]]


def test_the_one_time_notice_then_the_supplement_then_acceptance(client, people, applicant):
    api, clerk, citizen = Api(client), people["clerk"], people["citizen"]
    number = api.post("", window_submission(), user=clerk, expect=201)["number"]
    case = api.post(
        f"/{number}/pre-review",
        {"checks": [
            {"name": "营业执照", "result": "MISSING"},
            {"name": "卫生检测报告", "result": "INVALID", "note": "已过期"},
        ]},
        user=clerk,
    )  # fmt: skip
    assert "accept" not in case["allowed_actions"]
    assert "request_supplement" in case["allowed_actions"]
    problem = api.post(f"/{number}/accept", user=clerk, expect=409)
    assert problem["code"] == "materials_have_problems"

    case = api.post(
        f"/{number}/supplement-request",
        {"items": [{"name": "营业执照", "problem": "缺少"}, {"name": "卫生检测报告", "problem": "已过期"}]},
        user=clerk,
    )  # fmt: skip
    assert case["status"] == "SUPPLEMENT_REQUESTED" and case["accepted_at"] is None
    assert case["notices"][-1]["kind_label"] == "一次性告知书"
    assert api.get(f"/{number}", user=citizen)["allowed_actions"] == [
        "complete_supplement",
        "withdraw",
    ]

    missing = api.post(
        f"/{number}/supplement", {"materials": [{"name": "营业执照"}]}, user=citizen, expect=422
    )
    assert missing["details"] == {"missing": ["卫生检测报告"]}
    api.post(
        f"/{number}/supplement",
        {"materials": [{"name": "营业执照"}, {"name": "卫生检测报告"}]},
        user=citizen,
    )
    case = api.post(f"/{number}/accept", user=clerk)
    assert case["status"] == "ACCEPTED"
    assert case["accepted_at"] == case["materials_completed_at"]


def test_a_refusal_needs_a_reason_and_issues_its_notice(client, people):
    api, clerk = Api(client), people["clerk"]
    number = api.post("", window_submission(), user=clerk, expect=201)["number"]
    api.post(f"/{number}/pre-review", {"checks": []}, user=clerk)
    blank = api.post(f"/{number}/refuse", {"reason": "  "}, user=clerk, expect=422)
    assert blank["code"] == "refusal_reason_required"
    case = api.post(f"/{number}/refuse", {"reason": "申请事项依法不需要取得行政许可"}, user=clerk)
    assert case["status"] == "REFUSED" and case["decision_reason"]
    assert [n["kind"] for n in case["notices"]] == ["REFUSAL"]


def test_an_immediate_matter_is_done_in_one_call(client, people):
    api = Api(client)
    body = window_submission("QR-002", form_data={"applicant_name": "张三", "phone": "13800000000"})
    body.pop("channel")
    case = api.post("/immediate", body, user=people["clerk"], expect=201)
    assert case["status"] == "DELIVERED" and case["delivery"]["method"] == "WINDOW"
    assert case["accepted_at"] == case["concluded_at"] == case["delivered_at"]

    body["matter_code"] = "XK-001"
    body["form_data"] = GOOD_FORM
    refused = api.post("/immediate", body, user=people["clerk"], expect=409)
    assert refused["code"] == "matter_not_immediate" and "不是即办件" in refused["message"]
    assert Case.objects.count() == 1  # nothing half-written


def test_the_applicant_withdraws_and_the_reviews_stop(client, people, accepted):
    api, citizen = Api(client), people["citizen"]
    number = accepted().number
    case = api.post(f"/{number}/withdraw", {"reason": "不再需要"}, user=citizen)
    assert case["status"] == "WITHDRAWN" and case["allowed_actions"] == []
    assert {r["status"] for r in case["reviews"]} == {"CANCELLED"}
    again = api.post(f"/{number}/withdraw", {}, user=citizen, expect=409)
    assert again["code"] == "case_transition_forbidden"


def test_a_special_step_stops_the_clock_and_holds_the_reviews(client, people, accepted):
    api, food = Api(client), people["food_reviewer"]
    number = accepted().number
    case = api.post(f"/{number}/suspend", {"reason": "现场核查", "expected_workdays": 3}, user=food)
    assert case["status"] == "SUSPENDED" and case["signal"] is None
    assert case["allowed_actions"] == ["resume"]
    held = review_ids(case)["SCJG/1"]
    blocked = api.post(f"/{number}/reviews/{held}/decide", {"approve": True}, user=food, expect=409)
    assert "特殊环节" in blocked["message"]
    case = api.post(f"/{number}/resume", user=food)
    assert case["status"] == "IN_REVIEW" and case["suspensions"][0]["ended_at"]


def test_chinese_is_sent_as_it_is_not_escaped(client, people):
    api = Api(client)
    response = api.call("post", "", window_submission(), user=people["clerk"], expect=201)
    raw = response.content.decode("utf-8")
    assert "公共场所卫生许可" in raw and "\\u" not in raw
    error = api.call("post", "/NOPE-1/accept", user=people["clerk"], expect=404)
    assert "未找到该办件" in error.content.decode("utf-8")


def test_the_browser_session_works_and_its_writes_carry_the_csrf_token(people, accepted):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["citizen"])
    number = accepted().number
    assert browser.get(f"{API}/{number}").status_code == 200
    path = f"{API}/{number}/withdraw"
    refused = browser.post(path, data="{}", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["details"] is None
    browser.get("/")  # any page with a form (here the logout button) hands out the cookie
    token = browser.cookies["csrftoken"].value
    done = browser.post(path, data="{}", content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert done.status_code == 200 and done.json()["status"] == "WITHDRAWN"
