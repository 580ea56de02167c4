"""The trust API end to end: plan, pledge, upload, verify, the public list, repair, stats."""

import base64
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onewindow.trust.choices import CreditStatus
from onewindow.trust.models import CreditRecord
from onewindow.trust.services import sweep

from .conftest import HYGIENE, HYGIENE_LATER, PNG, decide_all

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
J = "application/json"


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=TZ), tick=False)


def pledge(client, case, **kw):
    body = {"signer_name": "张三", "deferred": HYGIENE_LATER, "confirmed": True,
            "signature": "data:image/png;base64," + base64.b64encode(PNG).decode(), **kw}  # fmt: skip
    return client.post(f"/api/v1/trust/cases/{case.number}/pledge", body, content_type=J)


def test_the_policy_is_public(client, trust):
    body = client.get(f"/api/v1/trust/policies/{HYGIENE}").json()
    assert body["deadline_months"] == 2 and len(body["rules"]) == 3
    assert client.get("/api/v1/trust/policies/NOPE").status_code == 404


def test_plan_then_pledge_then_upload_verify_fulfils(client, trust_case, people):
    case = trust_case()
    client.force_login(people["citizen"])
    plan = client.get(f"/api/v1/trust/cases/{case.number}/pledge").json()
    assert plan["eligible"] is True
    assert [m["name"] for m in plan["materials"] if m["suggest"]] == HYGIENE_LATER
    response = pledge(client, case)
    assert response.status_code == 201, response.json()
    c = response.json()
    assert c["status"] == "ACTIVE" and len(c["items"]) == 3
    for item in c["items"]:
        r = client.post(f"/api/v1/trust/commitments/{c['id']}/items/{item['id']}/upload",
                        {"file": _file()})  # fmt: skip
        assert r.status_code == 200, r.json()
    client.force_login(people["food_reviewer"])
    for item in c["items"]:
        r = client.post(f"/api/v1/trust/commitments/{c['id']}/items/{item['id']}/verify",
                        {"approve": True}, content_type=J)  # fmt: skip
        assert r.status_code == 200
    assert r.json()["status"] == "FULFILLED"


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("m.pdf", b"%PDF-1.4", content_type="application/pdf")


def test_someone_elses_case_is_not_found(client, trust_case, people):
    case = trust_case()
    client.force_login(people["other_citizen"])
    assert pledge(client, case).status_code == 404


def test_a_bad_signature_is_a_422(client, trust_case, people):
    case = trust_case()
    client.force_login(people["citizen"])
    response = pledge(client, case, signature="data:image/png;base64,@@@")
    assert response.status_code == 422 and response.json()["code"] == "signature_invalid"


def test_a_barred_applicant_gets_403_with_the_reason(client, trust_case, people, applicant):
    with at(2026, 3, 10, 10):
        CreditRecord.objects.create(applicant=applicant, reason="逾期未补交", recorded_at=datetime(2026, 1, 5, tzinfo=TZ),
                                    bar_until=datetime(2028, 1, 5).date())  # fmt: skip
        case = trust_case()
        client.force_login(people["citizen"])
        body = client.get("/api/v1/trust/eligibility").json()
        assert body == {"eligible": False, "message": body["message"], "until": "2028-01-05"}
        response = pledge(client, case)
    assert response.status_code == 403 and response.json()["code"] == "trust_barred"
    assert "2028年1月5日起" in response.json()["message"]


def test_breach_is_listed_publicly_and_repaired_through_the_api(client, trust_case, trust, people):
    with at(2026, 3, 10, 10):
        case = trust_case()
        client.force_login(people["citizen"])
        c = pledge(client, case).json()
        decide_all(case, people, trust)
    with at(2026, 5, 12, 9):
        sweep()
    with at(2026, 5, 27, 9):
        sweep()
    client.logout()
    listed = client.get("/api/v1/trust/dishonest").json()
    assert listed["count"] == 1 and listed["items"][0]["name"] == "张*"
    assert "*" in listed["items"][0]["id_number"]
    record = CreditRecord.objects.get()
    client.force_login(people["citizen"])
    for item in c["items"]:
        client.post(
            f"/api/v1/trust/commitments/{c['id']}/items/{item['id']}/upload", {"file": _file()}
        )
    client.force_login(people["food_reviewer"])
    for item in c["items"]:
        client.post(f"/api/v1/trust/commitments/{c['id']}/items/{item['id']}/verify",
                    {"approve": True}, content_type=J)  # fmt: skip
    r = client.post(
        f"/api/v1/trust/credit-records/{record.pk}/repair", {"note": "已整改"}, content_type=J
    )
    assert r.status_code == 403
    client.force_login(trust["head"])
    r = client.post(
        f"/api/v1/trust/credit-records/{record.pk}/repair", {"note": "已整改"}, content_type=J
    )
    assert r.status_code == 200 and r.json()["status"] == CreditStatus.REPAIRED
    assert client.get("/api/v1/trust/dishonest").json()["count"] == 0
    stats = client.get("/api/v1/trust/stats").json()
    assert stats["approvals"] == 1 and stats["breached"] == 1 and stats["repairs"] == 1
    assert stats["fulfilment_rate"] == 0.0


def test_the_list_costs_fixed_queries(client, trust_case, people, django_assert_num_queries):
    client.force_login(people["citizen"])
    case = trust_case()
    pledge(client, case)
    client.get("/api/v1/trust/commitments")
    with django_assert_num_queries(7) as ctx:
        client.get("/api/v1/trust/commitments")
    n = len(ctx)
    for _ in range(3):
        pledge(client, trust_case())
    with django_assert_num_queries(n):
        body = client.get("/api/v1/trust/commitments").json()
    assert body["count"] == 4
