"""Signing the pledge: the two known cases, what may be pledged, and who may not pledge."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onewindow.audit.models import AuditEvent
from onewindow.cases import services as cases
from onewindow.cases.choices import CaseStatus, MaterialCheck
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.licenses.models import License
from onewindow.notify.models import OutboxMessage
from onewindow.trust.choices import CommitmentStatus, CreditStatus, ItemStatus, TrustClass
from onewindow.trust.models import CreditRecord, TrustMaterialRule
from onewindow.trust.services import commitment_sign

from .conftest import (
    CONSTRUCTION,
    CONSTRUCTION_LATER,
    HYGIENE_LATER,
    PNG,
    decide_all,
)

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def sign(case, people, deferred, **kw):
    kw.setdefault("signature_png", PNG)
    return commitment_sign(case_id=case.pk, actor=people["citizen"], signer_name="张三",
                           deferred=deferred, confirmed=True, **kw)  # fmt: skip


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False)
def test_hygiene_permit_five_materials_two_now_three_in_two_months_issued_same_day(
    trust_case, trust, people, django_capture_on_commit_callbacks
):
    case = trust_case()
    with django_capture_on_commit_callbacks(execute=True):
        commitment = sign(case, people, HYGIENE_LATER)
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED
    assert commitment.status == CommitmentStatus.ACTIVE
    assert commitment.due_date == date(2026, 5, 11)  # 10 May 2026 is a Sunday: next working day
    items = list(commitment.items.order_by("id"))
    assert [i.material_name for i in items] == HYGIENE_LATER
    assert {i.due_date for i in items} == {date(2026, 5, 11)}
    pledged = case.materials.filter(check_result=MaterialCheck.PLEDGED)
    assert sorted(pledged.values_list("name", flat=True)) == sorted(HYGIENE_LATER)
    assert commitment.signature.read().startswith(b"\x89PNG")
    assert commitment.letter["pledged"][0]["due"] == "2026年5月11日"
    assert len(commitment.letter["given"]) == 2
    # the same day: reviewed, approved, and the e-license is there
    case = decide_all(case, people, trust)
    assert case.status == CaseStatus.APPROVED
    lic = License.objects.get(case=case)
    assert lic.status == "VALID" and lic.issued_at.date() == date(2026, 3, 10)
    sms = OutboxMessage.objects.get(related_id=str(commitment.pk))
    sms.refresh_from_db()
    assert "2026年5月11日前补交" in sms.body and sms.status == "SENT"
    assert AuditEvent.objects.filter(
        action="commitment.sign", object_id=str(commitment.pk)
    ).exists()


def test_construction_permit_eight_materials_five_now_three_later(trust_case, trust, people):
    case = trust_case(CONSTRUCTION)
    assert case.materials.count() == 5
    commitment = sign(case, people, CONSTRUCTION_LATER)
    assert commitment.items.count() == 3
    assert len(commitment.letter["given"]) == 5
    case = decide_all(case, people, trust)
    assert case.status == CaseStatus.APPROVED
    assert License.objects.filter(case=case, status="VALID").count() == 1


def test_a_material_outside_the_policy_cannot_be_pledged(trust_case, people):
    case = trust_case(now=["公共场所卫生许可证申请表", *HYGIENE_LATER])
    with pytest.raises(InvalidInput) as err:
        sign(case, people, ["法定代表人或者负责人身份证明"])
    assert err.value.code == "material_not_pledgeable"
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED  # nothing half-written


def test_what_is_not_pledged_must_be_given_now(trust_case, people):
    case = trust_case(now=["公共场所卫生许可证申请表"])
    with pytest.raises(InvalidInput) as err:
        sign(case, people, HYGIENE_LATER)
    assert err.value.details == {"materials": ["法定代表人或者负责人身份证明"]}


def test_the_pledge_must_be_confirmed_and_named(trust_case, people):
    case = trust_case()
    with pytest.raises(InvalidInput) as err:
        commitment_sign(case_id=case.pk, actor=people["citizen"], signer_name="张三",
                        deferred=HYGIENE_LATER, confirmed=False)  # fmt: skip
    assert err.value.code == "pledge_not_confirmed"
    with pytest.raises(InvalidInput):
        commitment_sign(case_id=case.pk, actor=people["citizen"], signer_name=" ",
                        deferred=HYGIENE_LATER, confirmed=True)  # fmt: skip
    with pytest.raises(InvalidInput) as err:
        sign(case, people, HYGIENE_LATER, signature_png=b"GIF89a")
    assert err.value.code == "signature_invalid"


def test_a_matter_without_trust_policy_refuses(submit, people, trust):
    case = submit(matter="XK-001", channel="ONLINE")
    with pytest.raises(Conflict) as err:
        sign(case, people, ["申请书"])
    assert err.value.code == "matter_not_trusted"


def test_signing_twice_or_after_acceptance_refuses(trust_case, people):
    case = trust_case()
    sign(case, people, HYGIENE_LATER)
    with pytest.raises(Conflict):
        sign(case, people, HYGIENE_LATER)


def test_full_trust_needs_nothing_later(trust_case, trust, people):
    TrustMaterialRule.objects.filter(policy=trust["hygiene_policy"]).update(
        trust_class=TrustClass.FULL
    )
    commitment = sign(trust_case(), people, HYGIENE_LATER)
    assert commitment.status == CommitmentStatus.FULFILLED and commitment.due_date is None
    assert set(commitment.items.values_list("status", flat=True)) == {ItemStatus.WAIVED}


def test_pre_review_cannot_mark_a_material_pledged(trust_case, people):
    case = trust_case(channel="WINDOW")
    with pytest.raises(InvalidInput) as err:
        cases.case_pre_review(case_id=case.pk, actor=people["clerk"],
                              checks=[{"name": HYGIENE_LATER[0], "result": MaterialCheck.PLEDGED}])  # fmt: skip
    assert err.value.code == "check_pledged_needs_commitment"


def test_at_the_window_after_pre_review_the_missing_materials_are_pledged(trust_case, people):
    case = trust_case(channel="WINDOW")
    cases.case_pre_review(case_id=case.pk, actor=people["clerk"],
                          checks=[{"name": n, "result": "MISSING"} for n in HYGIENE_LATER])  # fmt: skip
    commitment = commitment_sign(case_id=case.pk, actor=people["clerk"], signer_name="张三",
                                 deferred=HYGIENE_LATER, confirmed=True)  # fmt: skip
    case.refresh_from_db()
    assert case.status == CaseStatus.ACCEPTED and not commitment.signature


def _record(applicant, recorded, status=CreditStatus.ACTIVE):
    from onewindow.trust.rules import bar_until

    return CreditRecord.objects.create(
        applicant=applicant, reason="承诺材料逾期未补交", recorded_at=recorded, status=status,
        bar_until=bar_until(recorded.date()),
        repaired_at=None if status == CreditStatus.ACTIVE else recorded,
    )  # fmt: skip


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False)
def test_an_active_dishonest_record_bars_trust_approval_saying_until_when(
    trust_case, people, applicant
):
    _record(applicant, datetime(2025, 6, 1, 9, tzinfo=TZ))
    case = trust_case()
    with pytest.raises(Forbidden) as err:
        sign(case, people, HYGIENE_LATER)
    assert err.value.code == "trust_barred"
    assert "2025年6月1日" in err.value.message and "2027年6月1日起" in err.value.message
    assert err.value.details["needs_repair"] is True


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False)
def test_a_repaired_record_still_bars_for_two_years(trust_case, people, applicant):
    _record(applicant, datetime(2025, 6, 1, 9, tzinfo=TZ), status=CreditStatus.REPAIRED)
    with pytest.raises(Forbidden) as err:
        sign(trust_case(), people, HYGIENE_LATER)
    assert "虽已信用修复" in err.value.message and "2027年6月1日起" in err.value.message


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False)
def test_an_old_unrepaired_record_bars_until_repaired(trust_case, people, applicant):
    _record(applicant, datetime(2023, 6, 1, 9, tzinfo=TZ))
    with pytest.raises(Forbidden) as err:
        sign(trust_case(), people, HYGIENE_LATER)
    assert "信用修复后方可" in err.value.message


@time_machine.travel(datetime(2026, 3, 10, 10, tzinfo=TZ), tick=False)
def test_a_repaired_record_older_than_two_years_no_longer_bars(trust_case, people, applicant):
    _record(applicant, datetime(2024, 3, 9, 9, tzinfo=TZ), status=CreditStatus.REPAIRED)
    assert sign(trust_case(), people, HYGIENE_LATER).status == CommitmentStatus.ACTIVE
