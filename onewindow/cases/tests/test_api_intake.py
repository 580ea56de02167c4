"""Taking applications over the API: who may submit where, bad input answered with the
shared error body (never a 500), and the Idempotency-Key."""

import pytest

from onewindow.cases.models import Applicant, Case

from .conftest import GOOD_FORM, person_id
from .test_api_support import API, OTHER_PERSON, Api, window_submission

ONLINE = {"matter_code": "XK-001", "channel": "ONLINE", "form_data": GOOD_FORM}


def assert_error_body(body: dict, code: str):
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == code, body


# ---- applicants ---------------------------------------------------------------------------


def test_a_clerk_registers_an_applicant_once_and_finds_them_after(client, people):
    api, data = Api(client), window_submission()["applicant"]
    first = api.post("/applicants", data, user=people["clerk"], expect=201)
    again = api.post("/applicants", data | {"phone": "13911112222"}, user=people["clerk"])
    assert again["id"] == first["id"] and again["phone"] == "13911112222"
    assert not again["has_account"]  # a clerk's registration links no account


def test_an_applicant_registers_only_themselves(client, people, applicant):
    api, other = Api(client), people["other_citizen"]
    theirs = {"kind": "PERSON", "name": "张三", "id_number": applicant.id_number}
    body = api.post("/applicants", theirs, user=other, expect=403)
    assert_error_body(body, "forbidden")
    assert Applicant.objects.get(pk=applicant.pk).user == people["citizen"]
    # Once linked to an identity, an account cannot take on a second one.
    mine = api.post("/applicants", theirs, user=people["citizen"])
    assert mine["id"] == applicant.pk
    second = {"kind": "PERSON", "name": "李四", "id_number": OTHER_PERSON}
    api.post("/applicants", second, user=people["citizen"], expect=403)


def test_a_forged_id_number_is_a_422_with_the_reason(client, people):
    forged = person_id()[:-1] + ("0" if person_id()[-1] != "0" else "1")
    body = Api(client).post(
        "/applicants",
        {"kind": "PERSON", "name": "李四", "id_number": forged},
        user=people["clerk"],
        expect=422,
    )
    assert_error_body(body, "id_number_invalid")
    assert "校验位" in body["message"]
    assert not Applicant.objects.exists()


def test_registering_needs_a_role_and_a_login(client, people, django_user_model):
    api, data = Api(client), window_submission()["applicant"]
    assert_error_body(api.post("/applicants", data, expect=401), "unauthenticated")
    nobody = django_user_model.objects.create_user("nobody", password="pw-123456")
    api.post("/applicants", data, user=nobody, expect=403)


# ---- bad input ----------------------------------------------------------------------------


def test_malformed_json_is_a_400_with_the_shared_body(client, people):
    api = Api(client)
    response = client.post(
        API + "/",
        data="{not json",
        content_type="application/json",
        **api.headers(people["clerk"]),
    )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "details"}


@pytest.mark.parametrize(
    "change, where",
    [
        ({"channel": "PIGEON"}, "channel"),
        ({"form_data": ["not", "an", "object"]}, "form_data"),
        ({"materials": "申请书"}, "materials"),
        ({"applicant_id": "abc", "applicant": None}, "applicant_id"),
        ({"applicant": {"kind": "ALIEN", "name": "X", "id_number": "1"}}, "kind"),
    ],
)
def test_wrong_types_are_a_422_naming_the_field(client, people, change, where):
    body = Api(client).post("", window_submission(**change), user=people["clerk"], expect=422)
    assert_error_body(body, "invalid_input")
    assert any(where in map(str, e["loc"]) for e in body["details"]), body["details"]


def test_an_unknown_matter_is_a_404(client, people):
    body = Api(client).post("", window_submission("NO-SUCH"), user=people["clerk"], expect=404)
    assert_error_body(body, "matter_not_found")
    assert not Applicant.objects.exists()  # the registration went back with the refusal


def test_a_form_with_mistakes_names_each_field(client, people):
    body = Api(client).post(
        "",
        window_submission(form_data={"phone": "abc", "nonsense": 1}),
        user=people["clerk"],
        expect=422,
    )
    assert_error_body(body, "form_invalid")
    assert set(body["details"]) == {"applicant_name", "phone", "nonsense"}


@pytest.mark.parametrize(
    "place, status, code",
    [
        ({"service_point_code": "NOWHERE"}, 404, "service_point_not_found"),
        ({"service_point_code": "POST1"}, 403, "forbidden"),  # not the clerk's own point
        ({"window_number": "99"}, 404, "window_not_found"),
    ],
)
def test_a_clerk_takes_applications_only_at_their_own_desk(client, people, place, status, code):
    body = Api(client).post("", window_submission(**place), user=people["clerk"], expect=status)
    assert_error_body(body, code)
    assert not Case.objects.exists()


def test_channels_belong_to_their_people(client, people, applicant):
    api = Api(client)
    # An applicant cannot take their own application at a window …
    api.post("", window_submission(), user=people["citizen"], expect=403)
    # … a clerk does not apply online …
    api.post("", ONLINE | {"applicant_id": applicant.pk}, user=people["clerk"], expect=403)
    # … nor does an applicant pick a service point for an online application.
    api.post("", ONLINE | {"service_point_code": "HALL"}, user=people["citizen"], expect=422)
    # Agent and cross-region channels are taken by their own modules.
    api.post("", window_submission(channel="AGENT"), user=people["clerk"], expect=403)


def test_an_applicant_applies_for_no_one_else(client, people, applicant):
    api = Api(client)
    body = api.post(
        "", ONLINE | {"applicant_id": applicant.pk}, user=people["other_citizen"], expect=404
    )
    assert_error_body(body, "applicant_not_found")
    body = api.post("", ONLINE, user=people["other_citizen"], expect=422)
    assert_error_body(body, "applicant_required")  # no identity on the account yet
    api.post("", ONLINE, user=people["citizen"], expect=201)  # their own record is used


# ---- idempotency --------------------------------------------------------------------------


def test_a_retried_submission_returns_the_same_case(client, people, applicant):
    api, key = Api(client), {"HTTP_IDEMPOTENCY_KEY": "7f9c-retry-1"}
    first = api.post("", ONLINE, user=people["citizen"], headers=key, expect=201)
    again = api.post("", ONLINE, user=people["citizen"], headers=key, expect=200)
    assert again["number"] == first["number"]
    assert Case.objects.count() == 1
    # Without the key the same body is a new application.
    api.post("", ONLINE, user=people["citizen"], expect=201)
    assert Case.objects.count() == 2


def test_the_same_key_from_another_user_is_another_case(client, people, applicant):
    api, key = Api(client), {"HTTP_IDEMPOTENCY_KEY": "shared-key"}
    theirs = api.post("", ONLINE, user=people["citizen"], headers=key, expect=201)
    ours = api.post("", window_submission(), user=people["clerk"], headers=key, expect=201)
    assert theirs["number"] != ours["number"]
    assert Case.objects.count() == 2


def test_a_key_reused_for_a_different_request_is_refused(client, people, applicant):
    api, key = Api(client), {"HTTP_IDEMPOTENCY_KEY": "once"}
    first = api.post("", ONLINE, user=people["citizen"], headers=key, expect=201)
    body = api.post(
        "", ONLINE | {"matter_code": "QR-003"}, user=people["citizen"], headers=key, expect=422
    )
    assert_error_body(body, "idempotency_key_reused")
    assert body["details"] == {"fields": ["matter_code"], "case": first["number"]}
    assert Case.objects.count() == 1


@pytest.mark.parametrize("key", ["x" * 81, "带中文的键", "has space"])
def test_a_malformed_key_is_a_422(client, people, applicant, key):
    body = Api(client).post(
        "", ONLINE, user=people["citizen"], headers={"HTTP_IDEMPOTENCY_KEY": key}, expect=422
    )
    assert_error_body(body, "idempotency_key_invalid")


def test_an_immediate_matter_retried_is_done_once(client, people):
    api, key = Api(client), {"HTTP_IDEMPOTENCY_KEY": "counter-7"}
    body = window_submission("QR-002", form_data={"applicant_name": "张三", "phone": "13800000000"})
    del body["channel"]
    first = api.post("/immediate", body, user=people["clerk"], headers=key, expect=201)
    again = api.post("/immediate", body, user=people["clerk"], headers=key, expect=200)
    assert first["number"] == again["number"] and Case.objects.count() == 1
