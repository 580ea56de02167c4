"""Who sees and does what, over the API: the matrix of roles × endpoints.

The case is 张三's licence application, taken at the main hall (HALL) and reviewed by the
market regulator (SCJG, lead) and the fire brigade (XF, co-reviewer). A case the caller
may not see answers 404 exactly as an unknown number does; an action on a case they may
see but not perform answers 403.

For "accept" the case waits after pre-review: no department has a review yet, so the
co-reviewer cannot see it. For "decide" the caller decides the fire brigade's review.
"has" / "not": the list answers 200 and contains / leaves out the case.
"""

import pytest

from onewindow.cases import services

from .test_api_support import Api

MATRIX = """
role                 list  detail  accept  decide  timeline  notices
anonymous            401   401     401     401     401       401
owner                has   200     403     403     200       200
other_applicant      not   404     404     404     404       404
clerk_here           has   200     200     403     200       200
clerk_elsewhere      not   404     404     404     404       404
lead_reviewer        has   200     403     403     200       200
co_reviewer          has   200     404     200     200       200
unrelated_reviewer   not   404     404     404     404       404
supervisor           has   200     403     403     200       200
"""

WHO = {
    "anonymous": None,
    "owner": "citizen",
    "other_applicant": "other_citizen",
    "clerk_here": "clerk",
    "clerk_elsewhere": "outlet_clerk",
    "lead_reviewer": "food_reviewer",
    "co_reviewer": "fire_reviewer",
    "unrelated_reviewer": "police_reviewer",
    "supervisor": "supervisor",
}


def cells() -> list[tuple[str, str, str]]:
    header, *rows = [line.split() for line in MATRIX.strip().splitlines()]
    return [
        (row[0], endpoint, expected)
        for row in rows
        for endpoint, expected in zip(header[1:], row[1:], strict=True)
    ]


def ask(api, endpoint, user, people, submit, accepted):
    """Puts a case in the state the endpoint needs and calls it; returns (case, response)."""
    if endpoint == "accept":
        case = submit()
        services.case_pre_review(case_id=case.pk, actor=people["clerk"])
        return case, api.call("post", f"/{case.number}/accept", user=user)
    case = accepted()
    if endpoint == "decide":
        review = case.reviews.get(department__code="XF", step=1)
        path = f"/{case.number}/reviews/{review.pk}/decide"
        return case, api.call("post", path, {"approve": True}, user=user)
    path = {"list": "", "detail": f"/{case.number}"}.get(endpoint, f"/{case.number}/{endpoint}")
    return case, api.call("get", path, user=user)


@pytest.mark.parametrize(
    "role, endpoint, expected", cells(), ids=[f"{r}-{e}" for r, e, _ in cells()]
)
def test_the_matrix(client, people, submit, accepted, role, endpoint, expected):
    api = Api(client)
    user = people[WHO[role]] if WHO[role] else None
    case, response = ask(api, endpoint, user, people, submit, accepted)
    if expected in ("has", "not"):
        assert response.status_code == 200, response.content.decode()
        numbers = [row["number"] for row in response.json()["items"]]
        assert (case.number in numbers) == (expected == "has")
        return
    assert response.status_code == int(expected), response.content.decode()
    if expected == "404":  # indistinguishable from a number that does not exist
        unknown = api.call("get", "/500199-20000101-99999", user=user)
        assert (
            response.json()
            == unknown.json()
            == {
                "code": "case_not_found",
                "message": "未找到该办件",
                "details": None,
            }
        )
    if expected == "403":
        assert response.json()["code"] == "forbidden"


def test_an_online_case_is_taken_up_at_the_main_hall_not_at_an_outlet(client, people, submit):
    api = Api(client)
    case = submit(channel="ONLINE")
    api.post(f"/{case.number}/pre-review", {"checks": []}, user=people["clerk"])
    api.call("post", f"/{case.number}/accept", user=people["outlet_clerk"], expect=404)


def test_only_the_reviews_own_department_decides_it_even_for_a_supervisor(client, people, accepted):
    api = Api(client)
    case = accepted()
    lead = case.reviews.get(department__code="SCJG", step=1)
    path = f"/{case.number}/reviews/{lead.pk}/decide"
    for who in ("fire_reviewer", "supervisor", "clerk"):
        api.post(path, {"approve": True}, user=people[who], expect=403)
    other = accepted()
    api.post(f"/{other.number}/reviews/{lead.pk}/decide", {"approve": True},
             user=people["food_reviewer"], expect=404)  # fmt: skip


def test_a_decision_is_a_strict_boolean(client, people, accepted):
    api = Api(client)
    case = accepted()
    review = case.reviews.get(department__code="XF", step=1)
    path = f"/{case.number}/reviews/{review.pk}/decide"
    api.post(path, {"approve": "yes"}, user=people["fire_reviewer"], expect=422)
    denied = api.post(path, {"approve": False}, user=people["fire_reviewer"], expect=422)
    assert denied["code"] == "opinion_required"  # a denial gives its reason


def test_the_window_withdraws_for_the_applicant_but_a_reviewer_cannot(client, people, accepted):
    api = Api(client)
    case = accepted()
    api.post(f"/{case.number}/withdraw", {}, user=people["food_reviewer"], expect=403)
    api.post(f"/{case.number}/withdraw", {}, user=people["clerk"])
