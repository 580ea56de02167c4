"""The ratings API: each endpoint's happy path, its refusals, and list query counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.catalog.models import Section
from onewindow.ratings import services
from onewindow.ratings.models import Rating

pytestmark = pytest.mark.django_db
API = "/api/v1/ratings"
JSON = "application/json"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def test_the_applicant_rates_a_delivered_case(client, delivered_online, people):
    case = delivered_online()
    client.force_login(people["citizen"])
    assert [c["number"] for c in client.get(f"{API}/mine/rateable").json()] == [case.number]
    r = post(
        client, f"{API}/cases/{case.number}", {"level": "SATISFIED", "scores": {"usability": 5}}
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert (
        body["level_label"] == "满意"
        and body["channel"] == "ONLINE"
        and body["scores"]["usability"] == 5
    )
    assert client.get(f"{API}/mine/rateable").json() == []
    again = post(client, f"{API}/cases/{case.number}", {"level": "BASIC"})
    assert again.status_code == 409 and again.json()["code"] == "already_rated"


def test_rating_before_delivery_is_409_with_the_reason(client, accepted, people):
    case = accepted()
    client.force_login(people["citizen"])
    r = post(client, f"{API}/cases/{case.number}", {"level": "SATISFIED"})
    assert r.status_code == 409
    assert r.json()["code"] == "rating_not_delivered" and "送达" in r.json()["message"]


def test_someone_else_cannot_rate_and_bad_input_is_422(client, delivered_at_window, people):
    case = delivered_at_window()
    client.force_login(people["other_citizen"])
    assert post(client, f"{API}/cases/{case.number}", {"level": "SATISFIED"}).status_code == 403
    client.force_login(people["citizen"])
    assert post(client, f"{API}/cases/{case.number}", {"level": "GOOD"}).status_code == 422
    bad_score = post(
        client, f"{API}/cases/{case.number}", {"level": "BASIC", "scores": {"skill": 9}}
    )
    assert bad_score.status_code == 422 and bad_score.json()["code"] == "rating_score_invalid"
    assert post(client, f"{API}/cases/NOPE", {"level": "BASIC"}).status_code == 404
    assert not Rating.objects.exists()


def test_the_qr_and_the_device_rate_without_a_login(client, delivered_at_window, device):
    case = delivered_at_window()
    assert post(client, f"{API}/qr/{case.number}/wrong", {"level": "SATISFIED"}).status_code == 403
    current = client.get(f"{API}/device/{device.token}").json()
    assert current["case_number"] == case.number and "attitude" in current["dimensions"]
    r = post(
        client, f"{API}/device/{device.token}/cases/{case.number}", {"level": "VERY_DISSATISFIED"}
    )
    assert r.status_code == 201 and r.json()["rectification_id"]
    assert client.get(f"{API}/device/{device.token}").json()["case_number"] is None
    assert client.get(f"{API}/device/unknown").status_code == 404


def test_the_qr_token_rates_once(client, delivered_at_window):
    case = delivered_at_window()
    url = f"{API}/qr/{case.number}/{services.qr_token(case.number)}"
    assert post(client, url, {"level": "SATISFIED"}).status_code == 201
    assert post(client, url, {"level": "SATISFIED"}).status_code == 409


def test_the_rectification_worklist_and_its_steps(client, delivered_at_window, people):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
    )
    rect = rating.rectification
    client.force_login(people["food_reviewer"])  # another department
    assert client.get(f"{API}/rectifications").json()["count"] == 0
    assert (
        post(client, f"{API}/rectifications/{rect.pk}/verify", {"finding": "x"}).status_code == 404
    )
    client.force_login(people["clerk"])
    listed = client.get(f"{API}/rectifications").json()
    assert listed["count"] == 1 and listed["items"][0]["status"] == "VERIFYING"
    assert (
        post(
            client, f"{API}/rectifications/{rect.pk}/rectify", {"outcome": "FIXED", "measures": "x"}
        ).status_code
        == 409
    )
    assert (
        post(client, f"{API}/rectifications/{rect.pk}/verify", {"finding": "属实"}).json()["status"]
        == "RECTIFYING"
    )
    r = post(
        client,
        f"{API}/rectifications/{rect.pk}/rectify",
        {"outcome": "FIXED", "measures": "已致歉并补办"},
    )
    assert r.json()["status"] == "REVISITING"
    client.force_login(people["citizen"])
    r = post(
        client, f"{API}/rectifications/{rect.pk}/revisit", {"level": "SATISFIED", "comment": "满意"}
    )
    assert r.status_code == 200 and r.json()["status"] == "CLOSED"


def test_appeals_through_the_api(client, delivered_at_window, people):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
    )
    client.force_login(people["clerk"])
    r = post(client, f"{API}/{rating.pk}/appeals", {"reason": "误评"})
    assert r.status_code == 201
    assert client.get(f"{API}/appeals").status_code == 403
    client.force_login(people["supervisor"])
    assert client.get(f"{API}/appeals?status=PENDING").json()["count"] == 1
    r = post(
        client, f"{API}/appeals/{r.json()['id']}/review", {"upheld": True, "note": "核实为误评"}
    )
    assert r.json()["status"] == "UPHELD"
    assert client.get(f"{API}/{rating.pk}/appeals").status_code == 405  # POST only


def test_list_ratings_costs_a_fixed_number_of_queries(
    client, delivered_at_window, people, django_assert_num_queries
):
    for level in ("SATISFIED", "DISSATISFIED", "BASIC"):
        case = delivered_at_window()
        services.rating_submit(case_id=case.pk, level=level, source="WEB", actor=people["citizen"])
    client.force_login(people["supervisor"])
    client.get(f"{API}/?bad=true")  # warm the session and role caches
    # session, user, roles, count, page
    with django_assert_num_queries(5):
        body = client.get(f"{API}/").json()
    assert body["count"] == 3 and {i["level"] for i in body["items"]} == {
        "SATISFIED",
        "DISSATISFIED",
        "BASIC",
    }
    assert client.get(f"{API}/?bad=true").json()["count"] == 1


def test_the_worklist_costs_a_fixed_number_of_queries(
    client, delivered_at_window, people, django_assert_num_queries
):
    for _ in range(3):
        case = delivered_at_window()
        services.rating_submit(
            case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
        )
    client.force_login(people["supervisor"])
    with django_assert_num_queries(5):
        body = client.get(f"{API}/rectifications").json()
    assert body["count"] == 3 and all(i["is_overdue"] is False for i in body["items"])


def test_a_campaign_from_creation_to_the_published_ranking(client, people, district):
    sections = [
        Section.objects.create(department=district["food"], name=n) for n in ("许可科", "执法科")
    ]
    client.force_login(people["clerk"])
    now = timezone.now()
    body = {"year": 2026, "quarter": 4, "opens_at": (now - timedelta(days=1)).isoformat(),
            "closes_at": (now + timedelta(days=9)).isoformat()}  # fmt: skip
    assert post(client, f"{API}/campaigns", body).status_code == 403
    client.force_login(people["supervisor"])
    campaign = post(client, f"{API}/campaigns", body).json()
    assert campaign["open_ballot_path"].startswith("/ratings/ballot/open/")
    assert post(client, f"{API}/campaigns/{campaign['id']}/open").json()["status"] == "OPEN"
    invited = post(
        client, f"{API}/campaigns/{campaign['id']}/invitations", {"channel": "SAMPLE", "size": 5}
    )
    assert invited.status_code == 200 and invited.json() == {"count": 0}
    open_token = campaign["open_ballot_path"].rstrip("/").rsplit("/", 1)[1]
    client.logout()
    token = post(client, f"{API}/open/{open_token}").json()["token"]
    form = client.get(f"{API}/ballots/{token}").json()
    assert form["faults"]["GREED"].startswith("贪") and len(form["sections"]) == 2
    no_example = post(
        client,
        f"{API}/ballots/{token}",
        {"section_id": sections[1].pk, "fault": "LAZY", "example": ""},
    )
    assert no_example.status_code == 422
    vote = {
        "section_id": sections[1].pk,
        "fault": "LAZY",
        "example": "同一份材料让我交了三次还说不齐",
    }
    assert post(client, f"{API}/ballots/{token}", vote).status_code == 201
    assert post(client, f"{API}/ballots/{token}", vote).status_code == 409
    assert client.get(f"{API}/published/{campaign['id']}").status_code == 404
    client.force_login(people["supervisor"])
    post(client, f"{API}/campaigns/{campaign['id']}/close")
    ranking = client.get(f"{API}/campaigns/{campaign['id']}/ranking").json()
    assert ranking[0]["section"] == "执法科" and ranking[0]["votes"] == 1
    actions = client.get(f"{API}/campaigns/{campaign['id']}/actions").json()
    assert {a["kind"] for a in actions} == {"PUBLISH", "WARN", "NO_PROMOTION", "FORMAL_TALK"}
    talk = next(a for a in actions if a["kind"] == "FORMAL_TALK")
    assert (
        post(client, f"{API}/actions/{talk['id']}/complete", {"note": "已约谈"}).json()["status"]
        == "DONE"
    )
    post(client, f"{API}/campaigns/{campaign['id']}/publish")
    check = post(client, f"{API}/checks", {"section_id": sections[1].pk, "campaign_id": campaign["id"],
                                           "check_date": str(timezone.localdate()), "inspector": "督查组",
                                           "findings": "窗口仍有推诿", "problem_found": True})  # fmt: skip
    assert check.status_code == 201
    assert len(client.get(f"{API}/checks?campaign_id={campaign['id']}").json()) == 1
    client.logout()
    assert (
        client.get(f"{API}/published/{campaign['id']}").json()[0]["problems"].startswith("懒 1 票")
    )
