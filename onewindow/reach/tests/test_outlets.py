import json

import pytest

from onewindow.cases.choices import CaseChannel
from onewindow.cases.models import Case
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput

from ..models import CrossTownRouting, OutletMatter
from ..services import outlets as services
from .conftest import POLICE_FORM

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_an_outlet_takes_an_entrusted_matter_for_the_competent_department(
    client, district, outlet_staff, applicant
):
    client.force_login(outlet_staff["post"])
    answer = post(client, "/api/v1/reach/outlets/cases",
                  {"matter_code": "QR-003", "applicant_id": applicant.pk, "form_data": POLICE_FORM,
                   "materials": ["出生医学证明"]})  # fmt: skip
    assert answer.status_code == 201, answer.content
    case = Case.objects.get(number=answer.json()["number"])
    assert case.channel == CaseChannel.OUTLET and case.service_point == district["outlet"]
    assert case.lead_department == district["police"]
    assert [m.name for m in case.materials.all()] == ["出生医学证明"]


def test_a_matter_not_entrusted_to_the_outlet_is_refused(client, outlet_staff, applicant):
    client.force_login(outlet_staff["post"])
    answer = post(client, "/api/v1/reach/outlets/cases",
                  {"matter_code": "XK-001", "applicant_id": applicant.pk, "form_data": POLICE_FORM})  # fmt: skip
    assert answer.status_code == 409
    assert answer.json()["code"] == "matter_not_entrusted"
    assert "未委托本网点" in answer.json()["message"]
    assert not Case.objects.exists()


def test_staff_of_another_outlet_do_not_see_the_case(client, outlet_staff, applicant):
    case, _ = services.outlet_case_submit(
        applicant=applicant, matter_code="QR-003", form_data=POLICE_FORM, actor=outlet_staff["post"]
    )
    client.force_login(outlet_staff["mobile"])
    assert client.get(f"/api/v1/cases/{case.number}").status_code == 404
    assert client.get(f"/cases/{case.number}/").status_code == 404
    assert client.get("/api/v1/reach/outlets/cases").json()["items"] == []
    client.force_login(outlet_staff["post"])
    assert client.get(f"/api/v1/cases/{case.number}").status_code == 200
    assert [c["number"] for c in client.get("/api/v1/reach/outlets/cases").json()["items"]] == [
        case.number
    ]


def test_only_outlet_staff_take_applications_at_an_outlet(client, people, applicant):
    with pytest.raises(Forbidden):
        services.outlet_case_submit(
            applicant=applicant, matter_code="QR-003", form_data=POLICE_FORM, actor=people["clerk"]
        )
    client.force_login(people["clerk"])
    answer = post(client, "/api/v1/reach/outlets/cases",
                  {"matter_code": "QR-003", "applicant_id": applicant.pk, "form_data": POLICE_FORM})  # fmt: skip
    assert answer.status_code == 403


def test_the_outlet_delivers_the_result(client, outlet_staff, applicant, people):
    from .conftest import approve

    case, _ = services.outlet_case_submit(
        applicant=applicant, matter_code="QR-003", form_data=POLICE_FORM, actor=outlet_staff["post"]
    )
    approve(case, people)
    client.force_login(outlet_staff["post"])
    answer = post(client, f"/api/v1/cases/{case.number}/deliver", {"method": "WINDOW"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "DELIVERED"


def test_only_outlets_are_entrusted_and_only_with_matters_offered_through_outlets(district, places):
    with pytest.raises(InvalidInput):
        services.outlet_matter_add(service_point=district["hall"], matter_code="QR-003", actor=None)
    with pytest.raises(Conflict) as err:
        services.outlet_matter_add(service_point=places["mobile"], matter_code="XK-001", actor=None)
    assert err.value.code == "channel_not_offered"
    assert not OutletMatter.objects.filter(service_point=places["mobile"]).exists()


def test_removing_an_entrusted_matter_stops_the_outlet_taking_it(district, outlet_staff, applicant):
    entry = OutletMatter.objects.get(service_point=district["outlet"], matter_code="QR-003")
    services.outlet_matter_remove(entry=entry, actor=None)
    assert not district["outlet"].matters.filter(code="QR-003").exists()
    with pytest.raises(Conflict):
        services.outlet_case_submit(
            applicant=applicant,
            matter_code="QR-003",
            form_data=POLICE_FORM,
            actor=outlet_staff["post"],
        )


def test_the_outlet_case_list_costs_the_same_for_any_length(
    client, outlet_staff, applicant, django_assert_num_queries
):
    for _ in range(3):
        services.outlet_case_submit(
            applicant=applicant,
            matter_code="QR-003",
            form_data=POLICE_FORM,
            actor=outlet_staff["post"],
        )
    client.force_login(outlet_staff["post"])
    client.get("/api/v1/reach/outlets/cases")  # warm the session and catalog caches
    with django_assert_num_queries(6):  # session, user, profile, outlet, count, page
        answer = client.get("/api/v1/reach/outlets/cases")
    assert answer.json()["count"] == 3


def test_cross_town_routes_the_case_to_the_office_of_the_applicants_town(
    client, places, outlet_staff, applicant
):
    services.cross_town_matter_set(matter_code="QR-003", actor=None)
    client.force_login(outlet_staff["other_town"])
    answer = post(client, "/api/v1/reach/cross-town/cases",
                  {"matter_code": "QR-003", "applicant_id": applicant.pk, "form_data": POLICE_FORM,
                   "home_region_code": places["village"].code})  # fmt: skip
    assert answer.status_code == 201, answer.content
    case = Case.objects.get(number=answer.json()["number"])
    assert case.channel == CaseChannel.CROSS_REGION
    assert case.service_point == places["town_center"]
    routing = CrossTownRouting.objects.get(case=case)
    assert routing.accepted_at_point == places["other_center"]
    client.force_login(outlet_staff["town"])  # the competent office takes it up
    assert client.get(f"/api/v1/cases/{case.number}").status_code == 200


def test_a_matter_not_marked_for_cross_town_is_refused(client, places, outlet_staff, applicant):
    client.force_login(outlet_staff["other_town"])
    answer = post(client, "/api/v1/reach/cross-town/cases",
                  {"matter_code": "QR-003", "applicant_id": applicant.pk, "form_data": POLICE_FORM,
                   "home_region_code": places["village"].code})  # fmt: skip
    assert answer.status_code == 409 and answer.json()["code"] == "matter_not_cross_town"
    assert not Case.objects.exists()
