"""The trust pages: pledge with a drawn signature, upload and verification, PDFs, the
public dishonest list, credit repair and statistics."""

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.trust.choices import CommitmentStatus
from onewindow.trust.models import Commitment, CreditRecord
from onewindow.trust.services import sweep

from .conftest import HYGIENE_LATER, PNG, decide_all

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
SIG = "data:image/png;base64," + base64.b64encode(PNG).decode()


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=TZ), tick=False)


def sign(client, case, **kw):
    data = {
        "signer_name": "张三",
        "deferred": HYGIENE_LATER,
        "confirmed": "1",
        "signature": SIG,
        **kw,
    }
    return client.post(f"/trust/pledge/{case.number}/", data)


def test_the_pledge_page_shows_the_letter_and_signing_accepts(client, trust_case, people):
    case = trust_case()
    client.force_login(people["citizen"])
    index = client.get("/trust/").content.decode()
    assert f"/trust/pledge/{case.number}/" in index
    page = client.get(f"/trust/pledge/{case.number}/").content.decode()
    assert "不实承诺、违反承诺的后果" in page and "sigpad" in page and HYGIENE_LATER[1] in page
    response = sign(client, case)
    c = Commitment.objects.get(case=case)
    assert response.status_code == 302 and response["Location"] == f"/trust/commitments/{c.pk}/"
    assert c.signature.read() == PNG
    detail = client.get(response["Location"]).content.decode()
    assert "履行中" in detail and "补交" in detail
    pdf = client.get(f"/trust/commitments/{c.pk}/letter.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/trust/pledge/{case.number}/sample.pdf").content.startswith(b"%PDF")


def test_an_unconfirmed_pledge_shows_why(client, trust_case, people):
    case = trust_case()
    client.force_login(people["citizen"])
    response = sign(client, case, confirmed="")
    assert response.status_code == 422 and "勾选确认" in response.content.decode()


def test_a_barred_applicant_sees_why_and_until_when(client, trust_case, people, applicant):
    CreditRecord.objects.create(applicant=applicant, reason="逾期未补交", recorded_at=datetime(2026, 1, 5, tzinfo=TZ),
                                bar_until=datetime(2028, 1, 5).date())  # fmt: skip
    case = trust_case()
    client.force_login(people["citizen"])
    response = client.get(f"/trust/pledge/{case.number}/")
    assert response.status_code == 403 and "2028年1月5日起" in response.content.decode()


def test_another_persons_case_is_404(client, trust_case, people):
    case = trust_case()
    client.force_login(people["other_citizen"])
    assert client.get(f"/trust/pledge/{case.number}/").status_code == 404


def test_upload_and_verify_in_the_pages(client, trust_case, people):
    case = trust_case()
    client.force_login(people["citizen"])
    sign(client, case)
    c = Commitment.objects.get(case=case)
    for item in c.items.all():
        f = SimpleUploadedFile("m.pdf", b"%PDF-1.4", content_type="application/pdf")
        client.post(f"/trust/commitments/{c.pk}/items/{item.pk}/upload/", {"file": f})
    client.force_login(people["food_reviewer"])
    page = client.get(f"/trust/commitments/{c.pk}/").content.decode()
    assert "核验通过" in page
    item = c.items.first()
    assert client.get(f"/trust/commitments/{c.pk}/items/{item.pk}/file").status_code == 200
    response = client.post(
        f"/trust/commitments/{c.pk}/items/{item.pk}/verify/", {"approve": "0"}, follow=True
    )
    assert "核验不通过时请写明原因" in response.content.decode()
    for item in c.items.all():
        client.post(f"/trust/commitments/{c.pk}/items/{item.pk}/verify/", {"approve": "1"})
    c.refresh_from_db()
    assert c.status == CommitmentStatus.FULFILLED


def test_breach_listing_revocation_pdf_repair_and_stats(client, trust_case, trust, people):
    with at(2026, 3, 10, 10):
        case = trust_case()
        client.force_login(people["citizen"])
        sign(client, case)
        decide_all(case, people, trust)
    with at(2026, 5, 12, 9):
        sweep()
    with at(2026, 5, 27, 9):
        sweep()
    c = Commitment.objects.get(case=case)
    client.logout()
    public = client.get("/trust/dishonest/").content.decode()
    assert "张*" in public and "张三" not in public
    client.force_login(people["citizen"])
    pdf = client.get(f"/trust/commitments/{c.pk}/revocation.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "撤销行政许可决定书" in client.get(f"/trust/commitments/{c.pk}/").content.decode()
    for item in c.items.all():
        f = SimpleUploadedFile("m.pdf", b"%PDF-1.4", content_type="application/pdf")
        client.post(f"/trust/commitments/{c.pk}/items/{item.pk}/upload/", {"file": f})
    client.force_login(people["food_reviewer"])
    for item in c.items.all():
        client.post(f"/trust/commitments/{c.pk}/items/{item.pk}/verify/", {"approve": "1"})
    assert client.get("/trust/credit/").status_code == 403
    client.force_login(trust["head"])
    record = CreditRecord.objects.get()
    response = client.post(
        f"/trust/credit/{record.pk}/repair/", {"note": "已补齐材料"}, follow=True
    )
    assert "信用修复已完成" in response.content.decode()
    assert "目前没有公示中的失信记录" in client.get("/trust/dishonest/").content.decode()
    stats = client.get("/trust/stats/").content.decode()
    assert "信用修复" in stats and "履约率" in stats


def test_the_commitment_list_costs_fixed_queries(
    client, trust_case, people, django_assert_num_queries
):
    client.force_login(people["citizen"])
    sign(client, trust_case())
    client.get("/trust/")
    with django_assert_num_queries(8) as ctx:
        client.get("/trust/")
    n = len(ctx)
    for _ in range(3):
        sign(client, trust_case())
    with django_assert_num_queries(n):
        assert client.get("/trust/").status_code == 200


def test_the_public_list_costs_fixed_queries(
    client, trust, people, applicant, django_assert_num_queries
):
    from onewindow.cases import services as cases
    from onewindow.cases.tests.conftest import company_id

    def listed(n):
        for i in range(n):
            who = cases.applicant_register(kind="ORGANISATION", name=f"清江测试公司{i}{n}",
                                           id_number=company_id(f"91500112MA5U{n}{i:04d}"[:17]),
                                           phone="", user=None, actor=None)  # fmt: skip
            CreditRecord.objects.create(applicant=who, reason="逾期未补交", recorded_at=datetime(2026, 1, 5, tzinfo=TZ),
                                        bar_until=datetime(2028, 1, 5).date())  # fmt: skip

    listed(1)
    client.get("/trust/dishonest/")
    with django_assert_num_queries(2) as ctx:
        client.get("/trust/dishonest/")
    n = len(ctx)
    listed(4)
    with django_assert_num_queries(n):
        assert "清江测试公司34" in client.get("/trust/dishonest/").content.decode()
    with django_assert_num_queries(2):
        assert client.get("/api/v1/trust/dishonest").json()["count"] == 5
