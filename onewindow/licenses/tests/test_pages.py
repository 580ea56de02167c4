"""The license pages: the public verify page, my licenses, the department's list, the detail
page with revocation, and the PDFs — who may open what, and bad input answered with 4xx."""

import pytest
from django.urls import reverse

from onewindow.licenses.models import License


@pytest.fixture
def lic(approved):
    return License.objects.get(case=approved())


def test_the_verify_page_is_public_and_masks_the_id_number(client, lic):
    page = client.get(reverse("licenses:verify", args=[lic.number]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "有效" in html and "张三" in html and "公共场所卫生许可" in html
    assert lic.holder_id_number not in html and lic.masked_holder_id in html


def test_the_verify_page_of_a_tampered_license_says_so_and_shows_no_data(client, lic):
    License.objects.filter(pk=lic.pk).update(payload=lic.payload.replace("张三", "李四"))
    html = client.get(reverse("licenses:verify", args=[lic.number])).content.decode()
    assert "签名无效" in html and "李四" not in html


def test_an_unknown_number_is_a_404_with_a_reason(client, db):
    page = client.get(reverse("licenses:verify", args=["NOPE-1"]))
    assert page.status_code == 404 and "未找到该证照" in page.content.decode()


def test_the_lookup_form_goes_to_the_verify_page(client, db):
    page = client.get(reverse("licenses:verify_lookup"), {"number": " SCJG-2026-000001 "})
    assert page.status_code == 302 and page["Location"].endswith(
        reverse("licenses:verify", args=["SCJG-2026-000001"])
    )


def test_my_licenses_lists_only_mine(client, lic, people):
    client.force_login(people["citizen"])
    assert lic.number in client.get(reverse("licenses:mine")).content.decode()
    client.force_login(people["other_citizen"])
    assert lic.number not in client.get(reverse("licenses:mine")).content.decode()


def test_the_department_list_shows_the_departments_licenses(client, lic, people):
    client.force_login(people["food_reviewer"])
    assert lic.number in client.get(reverse("licenses:department")).content.decode()
    client.force_login(people["fire_reviewer"])
    assert lic.number not in client.get(reverse("licenses:department")).content.decode()
    client.force_login(people["citizen"])
    assert client.get(reverse("licenses:department")).status_code == 403


@pytest.mark.parametrize(("who", "status"), [("citizen", 200), ("food_reviewer", 200),
                         ("supervisor", 200), ("other_citizen", 404), ("fire_reviewer", 404)])  # fmt: skip
def test_the_detail_and_pdf_are_for_holder_issuer_and_supervisors(client, lic, people, who, status):
    client.force_login(people[who])
    assert client.get(reverse("licenses:detail", args=[lic.number])).status_code == status
    pdf = client.get(reverse("licenses:pdf", args=[lic.number]))
    assert pdf.status_code == status
    if status == 200:
        assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")


def test_anonymous_visitors_are_sent_to_log_in(client, lic):
    assert client.get(reverse("licenses:detail", args=[lic.number])).status_code == 302


def test_the_issuer_revokes_with_a_reason_on_the_page(client, lic, people):
    client.force_login(people["food_reviewer"])
    detail = client.get(reverse("licenses:detail", args=[lic.number])).content.decode()
    assert 'name="reason"' in detail
    empty = client.post(reverse("licenses:revoke", args=[lic.number]), {"reason": "  "})
    assert empty.status_code == 422 and "请写明撤销理由" in empty.content.decode()
    done = client.post(reverse("licenses:revoke", args=[lic.number]), {"reason": "以欺骗手段取得"})
    assert done.status_code == 302
    lic.refresh_from_db()
    assert lic.status == "REVOKED"
    notice = client.get(reverse("licenses:revocation_pdf", args=[lic.number]))
    assert notice.status_code == 200 and notice.content.startswith(b"%PDF-")
    again = client.post(reverse("licenses:revoke", args=[lic.number]), {"reason": "再撤销"})
    assert again.status_code == 409


def test_the_holder_cannot_revoke(client, lic, people):
    client.force_login(people["citizen"])
    assert (
        'name="reason"'
        not in client.get(reverse("licenses:detail", args=[lic.number])).content.decode()
    )
    assert (
        client.post(reverse("licenses:revoke", args=[lic.number]), {"reason": "x"}).status_code
        == 403
    )
    lic.refresh_from_db()
    assert lic.status == "VALID"


def test_a_license_never_revoked_has_no_revocation_notice(client, lic, people):
    client.force_login(people["citizen"])
    assert client.get(reverse("licenses:revocation_pdf", args=[lic.number])).status_code == 404


def test_the_verify_page_of_a_composite_lists_its_permits_and_a_revoked_one(
    client, industry, approved, people
):
    from onewindow.licenses import services

    case = approved(bundle="open-shop", matter=None)
    composite = License.objects.get(case=case, kind="COMPOSITE")
    permit = composite.permits.get(matter__code="QR-003")
    services.license_revoke(
        license_id=permit.pk, actor=people["police_reviewer"], reason="材料虚假"
    )
    html = client.get(reverse("licenses:verify", args=[composite.number])).content.decode()
    assert "部分许可已撤销" in html
    for p in composite.permits.all():
        assert p.number in html
    assert "已撤销" in html


def test_lists_cost_a_fixed_number_of_queries(client, approved, people, django_assert_num_queries):
    for _ in range(3):
        approved()
    client.force_login(people["food_reviewer"])
    client.get(reverse("licenses:department"))  # warm the session and the user's roles
    with django_assert_num_queries(6):
        page = client.get(reverse("licenses:department"))
    assert page.content.decode().count(reverse("licenses:detail", args=["SCJG-"]).rstrip("/")) >= 3


def test_the_license_pages_leave_the_catalogs_industry_pages_alone():
    """/licenses/<code>/ is the catalog's 一业一证 page; a license page must not shadow it."""
    from django.urls import resolve

    assert resolve("/licenses/canyin/").view_name == "catalog:license"
    assert (
        resolve(reverse("licenses:detail", args=["SCJG-2026-000001"])).view_name
        == "licenses:detail"
    )
