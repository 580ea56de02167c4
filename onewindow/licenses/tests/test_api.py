"""The licenses API: public verification, my and the department's lists (fixed query
counts), detail and PDF for those who may see them, revocation with 4xx on bad input."""

import pytest
import time_machine

from onewindow.licenses.models import License

API = "/api/v1/licenses"


@pytest.fixture
def lic(approved):
    return License.objects.get(case=approved())


def test_verify_is_public_and_shows_the_signed_holder_data(client, lic):
    body = client.get(f"{API}/verify/{lic.number}").json()
    assert body["signature_valid"] is True and body["verdict"] == "VALID"
    assert body["holder_name"] == "张三" and body["holder_id_masked"] == lic.masked_holder_id
    assert lic.holder_id_number not in str(body)


def test_verify_answers_expired_after_valid_to(client, lic):
    with time_machine.travel(lic.valid_to.replace(year=lic.valid_to.year + 1), tick=False):
        assert client.get(f"{API}/verify/{lic.number}").json()["verdict"] == "EXPIRED"


def test_verify_of_a_tampered_payload_is_invalid_and_shows_nothing(client, lic):
    License.objects.filter(pk=lic.pk).update(payload=lic.payload.replace("公共场所", "公共厕所"))
    body = client.get(f"{API}/verify/{lic.number}").json()
    assert body["signature_valid"] is False and body["verdict"] == "INVALID"
    assert body["holder_name"] is None and body["title"] is None


def test_verify_of_an_unknown_number_is_404(client, db):
    response = client.get(f"{API}/verify/NOPE")
    assert response.status_code == 404 and response.json()["code"] == "license_not_found"


def test_my_licenses(client, lic, people, django_assert_num_queries):
    client.force_login(people["citizen"])
    client.get(f"{API}/mine")
    with django_assert_num_queries(4):  # session, user, count, page
        body = client.get(f"{API}/mine").json()
    assert [row["number"] for row in body["items"]] == [lic.number]
    client.force_login(people["other_citizen"])
    assert client.get(f"{API}/mine").json()["items"] == []


def test_the_department_list_costs_the_same_for_more_rows(
    client, approved, people, django_assert_num_queries
):
    approved()
    client.force_login(people["food_reviewer"])
    client.get(f"{API}/department")
    with django_assert_num_queries(6) as one:
        client.get(f"{API}/department")
    approved()
    approved()
    with django_assert_num_queries(len(one.captured_queries)):
        body = client.get(f"{API}/department").json()
    assert body["count"] == 3


def test_the_department_list_is_for_staff(client, lic, people):
    client.force_login(people["citizen"])
    response = client.get(f"{API}/department")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    client.force_login(people["fire_reviewer"])
    assert client.get(f"{API}/department").json()["count"] == 0
    assert client.get(f"{API}/department", {"status": "BOGUS"}).status_code == 422


def test_the_detail_is_404_for_those_who_may_not_see_it(client, lic, people):
    client.force_login(people["other_citizen"])
    assert client.get(f"{API}/{lic.number}").status_code == 404
    client.force_login(people["citizen"])
    body = client.get(f"{API}/{lic.number}").json()
    assert body["holder_id_number"] == lic.holder_id_number and body["verdict"] == "VALID"
    pdf = client.get(f"{API}/{lic.number}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")


def test_anonymous_callers_get_401(client, lic):
    assert client.get(f"{API}/{lic.number}").status_code == 401
    assert client.get(f"{API}/mine").status_code == 401


def test_revoke_over_the_api(client, lic, people):
    client.force_login(people["citizen"])
    url = f"{API}/{lic.number}/revoke"
    assert client.post(url, {"reason": "x"}, content_type="application/json").status_code == 403
    client.force_login(people["food_reviewer"])
    assert client.post(url, {}, content_type="application/json").status_code == 422
    assert client.post(url, {"reason": " "}, content_type="application/json").status_code == 422
    assert (
        client.post(url, {"reason": "理" * 501}, content_type="application/json").status_code == 422
    )
    assert client.post(url, "not json", content_type="application/json").status_code in (400, 422)
    body = client.post(url, {"reason": "以欺骗手段取得"}, content_type="application/json").json()
    assert body["status"] == "REVOKED" and body["verdict"] == "REVOKED"
    assert client.post(url, {"reason": "再次"}, content_type="application/json").status_code == 409
    notice = client.get(f"{API}/{lic.number}/revocation")
    assert notice.status_code == 200 and notice.content.startswith(b"%PDF-")
    assert client.get(f"{API}/verify/{lic.number}").json()["verdict"] == "REVOKED"


def test_a_composite_lists_its_permits_with_their_verdicts(client, industry, approved, people):
    case = approved(bundle="open-shop", matter=None)
    composite = License.objects.get(case=case, kind="COMPOSITE")
    permit = composite.permits.get(matter__code="XK-001")
    client.force_login(people["food_reviewer"])
    client.post(
        f"{API}/{permit.number}/revoke", {"reason": "卫生不达标"}, content_type="application/json"
    )
    body = client.get(f"{API}/verify/{composite.number}").json()
    assert body["verdict"] == "PARTIAL"
    assert {p["number"]: p["verdict"] for p in body["permits"]}[permit.number] == "REVOKED"


def test_a_clerk_who_submitted_at_the_window_does_not_hold_the_license(client, lic, people):
    """The clerk submitted the case for the applicant at the window: not theirs to list or open."""
    assert lic.case.submitted_by == people["clerk"]
    client.force_login(people["clerk"])
    assert client.get(f"{API}/mine").json()["items"] == []
    assert client.get(f"{API}/{lic.number}").status_code == 404
