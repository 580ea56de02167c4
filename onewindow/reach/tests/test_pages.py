import re
from datetime import timedelta

import pytest
from django.utils import timezone

from ..choices import AgencyMode, AgencySource, AgencyStatus
from ..models import AgencyRequest
from ..services import agency as services
from .conftest import POLICE_FORM, approve

pytestmark = pytest.mark.django_db


def test_an_applicant_requests_agency_from_the_web_page(client, people, applicant, places, runners):
    client.force_login(people["citizen"])
    assert client.get("/reach/agency/new/").status_code == 200
    answer = client.post("/reach/agency/new/", {
        "matter": "QR-003", "mode": AgencyMode.FULL_AGENCY, "region": places["village"].code,
        "phone": "13800000000", "address": "桃源村3组", "note": "腿脚不便",
    })  # fmt: skip
    created = AgencyRequest.objects.get()
    assert answer.status_code == 302 and answer.url == f"/reach/agency/{created.pk}/"
    assert created.source == AgencySource.WEB and created.applicant == applicant
    assert created.runner == runners["village"]
    page = client.get(answer.url).content.decode()
    assert "r_village" in page and "待分派" not in page


def test_the_hotline_desk_registers_a_request_for_a_caller(client, people, places, runners):
    from .conftest import person_id

    client.force_login(people["clerk"])
    page = client.get("/reach/agency/hotline/").content.decode()
    assert "12345热线 · 登记帮代办" in page
    assert re.search(r'value="HOTLINE"[^>]*checked', page)
    answer = client.post("/reach/agency/hotline/", {
        "matter": "QR-003", "mode": AgencyMode.ON_SITE, "region": places["town"].code,
        "phone": "13700000000", "source": AgencySource.HOTLINE,
        "a-kind": "PERSON", "a-name": "王奶奶", "a-id_number": person_id("50011219450307123"),
        "a-phone": "13700000000",
    })  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:2000]
    created = AgencyRequest.objects.get()
    assert created.source == AgencySource.HOTLINE and created.applicant.name == "王奶奶"


def test_the_hotline_page_is_for_the_desks(client, people, applicant):
    client.force_login(people["citizen"])
    assert client.get("/reach/agency/hotline/").status_code == 403


def test_a_bad_request_form_says_why(client, people, applicant, places, runners):
    client.force_login(people["citizen"])
    answer = client.post("/reach/agency/new/", {"matter": "QR-003", "mode": "NOPE"})
    assert answer.status_code == 422
    assert "服务方式" in answer.content.decode()
    assert not AgencyRequest.objects.exists()


def test_the_runner_works_the_request_from_its_page(client, people, applicant, places, runners):
    req = services.agency_request_create(
        applicant=applicant, matter_code="QR-003", mode=AgencyMode.FULL_AGENCY,
        source=AgencySource.WEB, region=places["village"], phone="138", actor=None,
    )  # fmt: skip
    client.force_login(runners["village"].user)
    today = timezone.localdate()
    client.post(f"/reach/agency/{req.pk}/authorise/", {
        "scope": "代为提交申请", "valid_from": today, "valid_until": today + timedelta(days=10)})  # fmt: skip
    answer = client.post(f"/reach/agency/{req.pk}/apply/", {
        "f-applicant_name": "张三", "f-phone": "13800000000", "materials": ["出生医学证明"],
        "mail_address": "桃源村3组"})  # fmt: skip
    assert answer.status_code == 302
    req.refresh_from_db()
    assert req.status == AgencyStatus.APPLIED
    approve(req.case, people)
    client.post(f"/reach/agency/{req.pk}/mail/", {"tracking_number": "EMS99"})
    req.refresh_from_db()
    assert req.status == AgencyStatus.DELIVERED
    client.force_login(people["citizen"])
    page = client.get(f"/reach/agency/{req.pk}/").content.decode()
    assert "EMS99" in page and "评价帮代办员" in page
    client.post(f"/reach/agency/{req.pk}/rate/", {"level": "VERY_SATISFIED", "comment": "好"})
    assert "非常满意" in client.get(f"/reach/agency/{req.pk}/").content.decode()


def test_another_applicant_does_not_see_the_request(client, people, applicant, places, runners):
    req = services.agency_request_create(
        applicant=applicant, matter_code="QR-003", mode=AgencyMode.FULL_AGENCY,
        source=AgencySource.WEB, region=places["village"], phone="138", actor=None,
    )  # fmt: skip
    client.force_login(people["other_citizen"])
    assert client.get(f"/reach/agency/{req.pk}/").status_code == 404
    assert client.get(f"/api/v1/reach/agency/requests/{req.pk}").status_code == 404
    client.force_login(runners["town"].user)
    assert client.get(f"/reach/agency/{req.pk}/").status_code == 404


def test_the_statistics_page_is_for_the_desks(client, people, runners):
    client.force_login(people["citizen"])
    assert client.get("/reach/agency/stats/").status_code == 403
    client.force_login(people["supervisor"])
    page = client.get("/reach/agency/stats/")
    assert page.status_code == 200 and "r_village" in page.content.decode()


def test_the_outlet_desk_takes_an_entrusted_matter(client, outlet_staff, district):
    from .conftest import person_id

    client.force_login(outlet_staff["post"])
    assert "新生儿入户" in client.get("/reach/outlet/").content.decode()
    answer = client.post("/reach/outlet/", {
        "matter": "QR-003", "a-kind": "PERSON", "a-name": "钱七", "a-id_number": person_id("50011219800101123"),
        "a-phone": "13600000000", "a-materials": ["出生医学证明"],
        **{f"f-{k}": v for k, v in POLICE_FORM.items()}})  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert "钱七" in client.get("/reach/outlet/").content.decode()
    client.force_login(outlet_staff["town"])
    assert client.get("/reach/outlet/").status_code == 403


def test_the_agency_api_list_costs_the_same_for_any_length(
    client, people, applicant, places, runners, django_assert_num_queries
):
    for _ in range(4):
        services.agency_request_create(
            applicant=applicant, matter_code="QR-003", mode=AgencyMode.ON_SITE,
            source=AgencySource.WEB, region=places["town"], phone="138", actor=None,
        )  # fmt: skip
    client.force_login(people["supervisor"])
    client.get("/api/v1/reach/agency/requests")
    with django_assert_num_queries(5):  # session, user, roles, count, page
        answer = client.get("/api/v1/reach/agency/requests")
    assert answer.json()["count"] == 4


def test_the_api_takes_a_web_request_and_refuses_a_web_request_for_someone_else(
    client, people, applicant, places, runners
):
    import json

    client.force_login(people["citizen"])
    body = {
        "matter_code": "QR-003",
        "mode": "FULL_AGENCY",
        "region_code": places["village"].code,
        "phone": "138",
    }
    answer = client.post(
        "/api/v1/reach/agency/requests", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 201 and answer.json()["runner"]["full_name"] == "r_village"
    body["applicant"] = {"kind": "PERSON", "name": "X", "id_number": applicant.id_number}
    answer = client.post(
        "/api/v1/reach/agency/requests", json.dumps(body), content_type="application/json"
    )
    assert answer.status_code == 403


def test_the_cross_town_page_routes_a_case_to_the_applicants_town(client, places, outlet_staff):
    from onewindow.cases.models import Case

    from ..services import outlets as outlet_services
    from .conftest import person_id

    outlet_services.cross_town_matter_set(matter_code="QR-003", actor=None)
    client.force_login(outlet_staff["other_town"])
    assert "新生儿入户" in client.get("/reach/cross-town/?matter=QR-003").content.decode()
    answer = client.post("/reach/cross-town/", {
        "matter": "QR-003", "home_region": places["village"].code, "a-kind": "PERSON",
        "a-name": "孙八", "a-id_number": person_id("50011219800101321"), "a-phone": "13500000000",
        **{f"f-{k}": v for k, v in POLICE_FORM.items()}})  # fmt: skip
    assert answer.status_code == 302, answer.content.decode()[:3000]
    case = Case.objects.get(applicant__name="孙八")
    assert case.service_point == places["town_center"]
    assert "青石镇便民服务中心" in client.get("/reach/cross-town/").content.decode()


def test_the_transfers_page_says_why_a_send_failed(client, people, district):
    from ..services import transfer as transfer_services
    from .conftest import person_id

    transfer_services.platform_key(code="HERE", name="清江区")
    transfer_services.partner_save(
        code="FAR", name="远方平台", base_url="http://127.0.0.1:9", actor=None, token="ow_x",
        public_key=transfer_services.signing.own_public_key()[1],
    )  # fmt: skip
    client.force_login(people["clerk"])
    answer = client.post("/reach/transfers/", {
        "partner": "FAR", "matter_code": "YF-1", "matter_name": "户口迁入", "form_text": "reason=投靠",
        "a-kind": "PERSON", "a-name": "周九", "a-id_number": person_id("50011219800101432"),
        "a-phone": "13500000001"}, follow=True)  # fmt: skip
    page = answer.content.decode()
    assert "发送失败" in page and "无法连接对方平台" in page


def test_the_applicant_or_a_desk_cancels_a_request_and_the_runner_is_freed(
    client, people, applicant, places, runners
):
    req = services.agency_request_create(
        applicant=applicant, matter_code="QR-003", mode=AgencyMode.ON_SITE,
        source=AgencySource.WEB, region=places["village"], phone="138", actor=None,
    )  # fmt: skip
    client.force_login(runners["village"].user)
    url = f"/api/v1/reach/agency/requests/{req.pk}/cancel"
    assert client.post(url, '{"note": "x"}', content_type="application/json").status_code == 403
    client.force_login(people["citizen"])
    answer = client.post(url, '{"note": "已自行办理"}', content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == AgencyStatus.CANCELLED
    runners["village"].refresh_from_db()
    assert runners["village"].open_load == 0
