import pytest

from ..choices import AgencyMode, AgencySource
from ..models import CrossTownMatter, OutletMatter, TransferOut
from ..services import agency as services
from ..services import transfer as transfer_services

pytestmark = pytest.mark.django_db


def test_entrusting_a_matter_in_the_admin_lets_the_outlet_take_it(admin_client, district, places):
    answer = admin_client.post("/admin/reach/outletmatter/add/", {
        "service_point": places["mobile"].pk, "matter_code": "QR-003", "outlet_delivers": "on", "note": ""})  # fmt: skip
    assert answer.status_code == 302
    entry = OutletMatter.objects.get(service_point=places["mobile"])
    assert entry.matter_name == "新生儿入户"
    assert places["mobile"].matters.filter(code="QR-003").exists()
    admin_client.post(f"/admin/reach/outletmatter/{entry.pk}/delete/", {"post": "yes"})
    assert not places["mobile"].matters.filter(code="QR-003").exists()


def test_an_unknown_matter_in_the_admin_is_refused_with_a_reason(admin_client, district, places):
    answer = admin_client.post(
        "/admin/reach/crosstownmatter/add/", {"matter_code": "NOPE", "is_active": "on"}, follow=True
    )
    assert "未找到可申请的事项" in answer.content.decode()
    assert not CrossTownMatter.objects.exists()


def test_the_agency_page_list_costs_the_same_for_any_length(
    client, people, applicant, places, runners, django_assert_num_queries
):
    for _ in range(5):
        services.agency_request_create(
            applicant=applicant, matter_code="QR-003", mode=AgencyMode.ON_SITE,
            source=AgencySource.WEB, region=places["town"], phone="138", actor=None,
        )  # fmt: skip
    client.force_login(people["supervisor"])
    client.get("/reach/agency/")
    with django_assert_num_queries(5):  # session, user, roles, staff profile, the list
        page = client.get("/reach/agency/")
    assert page.content.decode().count("/reach/agency/") >= 5


def test_the_transfers_api_list_costs_the_same_for_any_length(
    client, people, applicant, district, django_assert_num_queries
):
    transfer_services.platform_key(code="HERE", name="清江区")
    partner = transfer_services.partner_save(
        code="FAR", name="远方", base_url="http://far.invalid", token="t", actor=None,
        public_key=transfer_services.signing.own_public_key()[1],
    )  # fmt: skip
    for _ in range(3):
        TransferOut.objects.create(partner=partner, applicant=applicant, matter_code="X",
                                   matter_name="户口迁入", created_at="2026-11-20T10:00:00+08:00")  # fmt: skip
    client.force_login(people["clerk"])
    client.get("/api/v1/reach/transfers")
    with django_assert_num_queries(5):  # session, user, roles, count, page
        answer = client.get("/api/v1/reach/transfers")
    assert answer.json()["count"] == 3
