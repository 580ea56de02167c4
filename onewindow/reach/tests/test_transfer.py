"""跨省通办 on one instance: what a partner's package must be to be taken, and the status
updates that come back."""

import base64
import hashlib
import json
import uuid
from unittest import mock

import pytest

from onewindow.accounts.services import token_create
from onewindow.cases.choices import CaseChannel
from onewindow.cases.models import Applicant, Case
from onewindow.lib import signing as lib_signing

from .. import signing
from ..models import Partner, TransferIn, TransferOut, TransferUpdate
from ..services import transfer as services
from .conftest import person_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(district, django_user_model):
    """A partner platform "FAR" whose private key the test holds, calling us with a token."""
    services.platform_key(code="HERE", name="清江区一窗通办")
    pem = lib_signing.generate_private()
    public = _public(pem)
    caller = django_user_model.objects.create_user("partner-far")
    row = services.partner_save(code="FAR", name="远方平台", base_url="http://far.invalid",
                                public_key=public, token="ow_far", inbound_user=caller, actor=None)  # fmt: skip
    raw = token_create(user=caller, name="far", actor=None)[1]
    return dict(row=row, pem=pem, token=raw, caller=caller)


def package(content=b"%PDF-1.4 birth", **over):
    body = {
        "version": 1, "package_id": str(uuid.uuid4()), "sender": "FAR", "sender_name": "远方平台",
        "recipient": "HERE", "created_at": "2026-11-20T10:00:00+08:00", "matter_code": "QR-003",
        "matter_name": "新生儿入户",
        "applicant": {"kind": "PERSON", "name": "李四", "id_number": person_id("11010519491231002"),
                      "phone": "13900000000", "address": "远方市", "legal_representative": ""},
        "form_data": {"applicant_name": "李四", "phone": "13900000000"},
        "materials": [{"name": "出生医学证明", "filename": "birth.pdf",
                       "sha256": hashlib.sha256(content).hexdigest(),
                       "content_b64": base64.b64encode(content).decode()}],
        "accepted_at": "远方市民中心", "callback_url": "http://far.invalid/api/v1/reach/transfers/status",
    }  # fmt: skip
    body.update(over)
    return body


def send(client, token, doc, pem, *, field="package", path="inbound", tamper=None):
    key = lib_signing.load_private(pem)
    body = {field: json.loads(json.dumps(doc)), "key_id": signing.key_id_for(_public(pem)),
            "signature": lib_signing.b64(key.sign(lib_signing.canonical(doc).encode()))}  # fmt: skip
    if tamper:
        tamper(body)
    return client.post(f"/api/v1/reach/transfers/{path}", json.dumps(body, ensure_ascii=False),
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip


def _public(pem):
    return lib_signing.b64(lib_signing.public_raw(lib_signing.load_private(pem).public_key()))


def nothing_written():
    return (
        not Case.objects.exists()
        and not TransferIn.objects.exists()
        and not Applicant.objects.filter(name="李四").exists()
    )


def test_a_signed_package_from_a_partner_becomes_a_cross_region_case(client, partner):
    answer = send(client, partner["token"], package(), partner["pem"])
    assert answer.status_code == 201, answer.content
    case = Case.objects.get(number=answer.json()["case_number"])
    assert case.channel == CaseChannel.CROSS_REGION and case.applicant.name == "李四"
    stored = case.materials.get()
    assert stored.name == "出生医学证明" and stored.file.read() == b"%PDF-1.4 birth"
    assert TransferIn.objects.get(case=case).partner == partner["row"]


def test_the_same_package_twice_makes_one_case(client, partner):
    doc = package()
    first = send(client, partner["token"], doc, partner["pem"])
    again = send(client, partner["token"], doc, partner["pem"])
    assert again.status_code == 200 and again.json()["case_number"] == first.json()["case_number"]
    assert Case.objects.count() == 1


def test_a_bad_signature_is_refused_and_nothing_is_written(client, partner):
    def flip(body):
        body["package"]["applicant"]["name"] = "王五"  # changed after signing

    answer = send(client, partner["token"], package(), partner["pem"], tamper=flip)
    assert answer.status_code == 403 and answer.json()["code"] == "signature_invalid"
    other_pem = lib_signing.generate_private()
    answer = send(client, partner["token"], package(), other_pem)  # someone else's key
    assert answer.status_code == 403
    assert nothing_written() and not Applicant.objects.filter(name="王五").exists()


def test_a_material_that_does_not_match_its_digest_is_refused(client, partner):
    doc = package()
    doc["materials"][0]["content_b64"] = base64.b64encode(b"other").decode()
    answer = send(client, partner["token"], doc, partner["pem"])
    assert answer.status_code == 422 and answer.json()["code"] == "material_digest_mismatch"
    assert nothing_written()


def test_only_the_partners_own_account_may_deliver_its_packages(client, partner, people):
    raw = token_create(user=people["clerk"], name="x", actor=None)[1]
    answer = send(client, raw, package(), partner["pem"])
    assert answer.status_code == 403 and answer.json()["code"] == "partner_caller_mismatch"
    assert nothing_written()


def test_a_package_for_another_platform_or_an_unknown_matter_is_refused(client, partner):
    assert (
        send(client, partner["token"], package(recipient="ELSE"), partner["pem"]).status_code == 422
    )
    assert (
        send(client, partner["token"], package(matter_code="NOPE"), partner["pem"]).status_code
        == 404
    )
    assert nothing_written()


def test_each_move_of_a_received_case_sends_a_signed_update_back(client, partner, people):
    from onewindow.cases import services as case_services

    answer = send(client, partner["token"], package(), partner["pem"])
    case = Case.objects.get(number=answer.json()["case_number"])
    with mock.patch.object(services, "post_json", return_value=(200, {})) as post, \
            pytest.MonkeyPatch.context() as mp:  # fmt: skip
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        case_services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    url, token, body = post.call_args.args
    assert url == "http://far.invalid/api/v1/reach/transfers/status" and token == "ow_far"
    assert (
        body["update"]["status"] == "PRE_REVIEWED" and body["update"]["case_number"] == case.number
    )
    here = services.platform_key()
    assert signing.verify(body["update"], body["signature"], here.public_key)
    assert TransferUpdate.objects.get().sent_at is not None


def test_a_status_update_is_taken_only_when_signed_and_newer(client, partner, applicant, people):
    out = TransferOut.objects.create(partner=partner["row"], applicant=applicant, matter_code="X",
                                     matter_name="户口迁入", created_at="2026-11-20T10:00:00+08:00")  # fmt: skip
    update = {"package_id": str(out.package_id), "sender": "FAR", "case_number": "330100-1",
              "status": "ACCEPTED", "status_label": "已受理", "version": 3, "at": "x"}  # fmt: skip
    bad = send(client, partner["token"], update, partner["pem"], field="update", path="status",
               tamper=lambda b: b["update"].update(status="APPROVED"))  # fmt: skip
    assert bad.status_code == 403
    out.refresh_from_db()
    assert out.remote_status == ""
    good = send(client, partner["token"], update, partner["pem"], field="update", path="status")
    assert good.status_code == 200, good.content
    older = dict(update, status="SUBMITTED", version=2)
    send(client, partner["token"], older, partner["pem"], field="update", path="status")
    out.refresh_from_db()
    assert (out.remote_status, out.remote_version, out.remote_case_number) == (
        "ACCEPTED",
        3,
        "330100-1",
    )


def test_partner_public_key_must_be_an_ed25519_key(district):
    from onewindow.lib.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.partner_save(code="X", name="X", base_url="http://x.invalid", public_key="abc",
                              token="t", actor=None)  # fmt: skip
    assert not Partner.objects.exists()


def test_an_update_the_partner_did_not_take_is_sent_again_by_the_command(client, partner, people):
    from django.core.management import call_command

    from onewindow.cases import services as case_services

    answer = send(client, partner["token"], package(), partner["pem"])
    case = Case.objects.get(number=answer.json()["case_number"])
    down = mock.patch.object(services, "post_json", return_value=(503, {"message": "维护中"}))
    with down, pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        case_services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    row = TransferUpdate.objects.get()
    assert row.sent_at is None and row.attempts == 1 and "503" in row.last_error
    with mock.patch.object(services, "post_json", return_value=(200, {})):
        call_command("reach_send_updates", stdout=mock.Mock())
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2
