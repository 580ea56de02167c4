"""Reminders before the due date (once each), upload and verification, rectification of an
overdue pledge, breach with revocation, and credit repair."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.audit.models import AuditEvent
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.licenses.models import License
from onewindow.notify.models import OutboxMessage
from onewindow.trust.choices import CommitmentStatus, CreditStatus, ItemStatus
from onewindow.trust.letter import render_revocation_pdf
from onewindow.trust.models import CreditRecord, Reminder
from onewindow.trust.services import (
    commitment_breach,
    commitment_item_upload,
    commitment_item_verify,
    commitment_order_rectification,
    commitment_sign,
    credit_repair,
    sweep,
)

from .conftest import HYGIENE_LATER, PNG, decide_all

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db
SIGNED = datetime(2026, 3, 10, 10, tzinfo=TZ)  # due 2026-05-11 (Monday)


def at(*args):
    return time_machine.travel(datetime(*args, tzinfo=TZ), tick=False)


@pytest.fixture
def pledged(trust_case, trust, people):
    """A hygiene permit accepted on a pledge and approved the same day, with its license."""
    with at(2026, 3, 10, 10):
        case = trust_case()
        c = commitment_sign(case_id=case.pk, actor=people["citizen"], signer_name="张三",
                            deferred=HYGIENE_LATER, confirmed=True, signature_png=PNG)  # fmt: skip
        decide_all(case, people, trust)
    return c


def reminders():
    return list(OutboxMessage.objects.filter(subject="告知承诺到期提醒").order_by("id"))


def upload_all(c, people):
    for item in c.items.all():
        f = SimpleUploadedFile(
            f"{item.pk}.pdf", b"%PDF-1.4 material", content_type="application/pdf"
        )
        commitment_item_upload(item_id=item.pk, actor=people["citizen"], file=f)


def verify_all(c, people):
    for item in c.items.all():
        commitment_item_verify(item_id=item.pk, actor=people["food_reviewer"], approve=True)


def test_reminders_go_seven_days_and_one_day_before_each_once(pledged):
    with at(2026, 5, 3, 9):  # eight days before: nothing yet
        assert sweep()["reminded"] == 0
    with at(2026, 5, 4, 9):
        assert sweep()["reminded"] == 1
    with at(2026, 5, 4, 10):
        assert sweep()["reminded"] == 0  # the same reminder is not sent twice
    with at(2026, 5, 6, 9):
        assert sweep()["reminded"] == 0
    with at(2026, 5, 10, 9):
        assert sweep()["reminded"] == 1
        assert sweep()["reminded"] == 0
    sent = reminders()
    assert len(sent) == 2 and "还剩7天" in sent[0].body and "还剩1天" in sent[1].body
    assert sorted(Reminder.objects.values_list("days_before", flat=True)) == [1, 7]


def test_reminder_days_are_configurable(pledged, settings):
    settings.TRUST_REMINDER_DAYS = [3]
    with at(2026, 5, 4, 9):
        assert sweep()["reminded"] == 0
    with at(2026, 5, 8, 9):
        assert sweep()["reminded"] == 1


def test_no_reminder_for_materials_already_handed_in(pledged, people):
    with at(2026, 4, 1, 9):
        upload_all(pledged, people)
    with at(2026, 5, 4, 9):
        assert sweep()["reminded"] == 0


def test_uploaded_and_verified_materials_fulfil_the_commitment(pledged, people):
    with at(2026, 4, 1, 9):
        upload_all(pledged, people)
        items = list(pledged.items.all())
        with pytest.raises(InvalidInput):
            commitment_item_verify(
                item_id=items[0].pk, actor=people["food_reviewer"], approve=False
            )
        with pytest.raises(Forbidden):
            commitment_item_verify(
                item_id=items[0].pk, actor=people["police_reviewer"], approve=True
            )
        commitment_item_verify(item_id=items[0].pk, actor=people["food_reviewer"], approve=False,
                               note="检测报告缺少盖章")  # fmt: skip
        pledged.refresh_from_db()
        assert pledged.status == CommitmentStatus.ACTIVE
        f = SimpleUploadedFile("again.pdf", b"%PDF-1.4 again", content_type="application/pdf")
        commitment_item_upload(item_id=items[0].pk, actor=people["citizen"], file=f)
        verify_all(pledged, people)
    pledged.refresh_from_db()
    assert pledged.status == CommitmentStatus.FULFILLED and pledged.fulfilled_at
    assert pledged.case.materials.filter(check_result="PLEDGED").count() == 0
    with at(2026, 6, 30, 9):
        assert sweep() == {"reminded": 0, "rectifying": 0, "breached": 0}


def test_only_the_applicant_uploads(pledged, people):
    item = pledged.items.first()
    f = SimpleUploadedFile("x.pdf", b"%PDF", content_type="application/pdf")
    with pytest.raises(Forbidden):
        commitment_item_upload(item_id=item.pk, actor=people["other_citizen"], file=f)


def test_overdue_becomes_rectification_without_credit_mark_then_breach_revokes(pledged, applicant):
    with at(2026, 5, 11, 20):  # the last day itself is not overdue
        assert sweep()["rectifying"] == 0
    with at(2026, 5, 12, 9):
        assert sweep()["rectifying"] == 1
    pledged.refresh_from_db()
    assert pledged.status == CommitmentStatus.RECTIFYING
    assert pledged.rectification_due_date.isoformat() == "2026-05-26"  # 10 working days
    assert not CreditRecord.objects.exists()
    assert OutboxMessage.objects.filter(subject="责令限期整改").count() == 1
    with at(2026, 5, 26, 18):
        with pytest.raises(Conflict):
            commitment_breach(commitment_id=pledged.pk)
        assert sweep()["breached"] == 0
    with at(2026, 5, 27, 9):
        assert sweep()["breached"] == 1
        assert sweep()["breached"] == 0
    pledged.refresh_from_db()
    assert pledged.status == CommitmentStatus.BREACHED
    record = CreditRecord.objects.get(applicant=applicant)
    assert record.status == CreditStatus.ACTIVE and record.bar_until.isoformat() == "2028-05-27"
    lic = License.objects.get(case=pledged.case)
    assert lic.status == "REVOKED" and "未履行告知承诺" in lic.revoke_reason
    assert pledged.revoked_licenses == [lic.number]
    assert AuditEvent.objects.filter(action="commitment.breach", object_id=str(pledged.pk)).exists()
    pdf = render_revocation_pdf(pledged)
    assert pdf.startswith(b"%PDF")


def test_handing_in_during_rectification_fulfils_without_a_record(pledged, people):
    with at(2026, 5, 12, 9):
        sweep()
    with at(2026, 5, 20, 9):
        upload_all(pledged, people)
        verify_all(pledged, people)
    with at(2026, 6, 1, 9):
        assert sweep()["breached"] == 0
    pledged.refresh_from_db()
    assert pledged.status == CommitmentStatus.FULFILLED and not CreditRecord.objects.exists()


def test_credit_repair_needs_authority_a_reason_and_rectification(pledged, people, trust):
    with at(2026, 5, 12, 9):
        sweep()
    with at(2026, 5, 27, 9):
        sweep()
    record = CreditRecord.objects.get()
    with pytest.raises(Forbidden):
        credit_repair(record_id=record.pk, actor=people["food_reviewer"], note="已整改")
    with pytest.raises(InvalidInput):
        credit_repair(record_id=record.pk, actor=trust["head"], note="")
    with pytest.raises(Conflict) as err:
        credit_repair(record_id=record.pk, actor=trust["head"], note="已整改")
    assert err.value.code == "not_rectified"
    with at(2026, 6, 2, 9):
        upload_all(pledged, people)
        verify_all(pledged, people)
        pledged.refresh_from_db()
        assert pledged.status == CommitmentStatus.BREACHED  # a broken pledge stays broken
        assert set(pledged.items.values_list("status", flat=True)) == {ItemStatus.VERIFIED}
        credit_repair(record_id=record.pk, actor=trust["head"], note="已补齐全部材料并核验通过")
    record.refresh_from_db()
    assert record.status == CreditStatus.REPAIRED and record.repaired_by == trust["head"]
    with pytest.raises(Conflict):
        credit_repair(record_id=record.pk, actor=trust["head"], note="再次")
    assert AuditEvent.objects.filter(action="credit.repair").count() == 1


def test_a_reviewer_orders_rectification_early_when_a_material_is_not_as_pledged(pledged, people):
    item = pledged.items.first()
    with pytest.raises(Conflict) as err:  # nothing found yet
        commitment_order_rectification(commitment_id=pledged.pk, actor=people["food_reviewer"],
                                       reason="现场核查发现卫生设施与平面图不符")  # fmt: skip
    assert err.value.code == "nothing_found"
    f = SimpleUploadedFile("plan.pdf", b"%PDF-1.4", content_type="application/pdf")
    commitment_item_upload(item_id=item.pk, actor=people["citizen"], file=f)
    commitment_item_verify(item_id=item.pk, actor=people["food_reviewer"], approve=False,
                           note="平面图与现场不符")  # fmt: skip
    with pytest.raises(Forbidden):
        commitment_order_rectification(
            commitment_id=pledged.pk, actor=people["police_reviewer"], reason="x"
        )
    with pytest.raises(InvalidInput):
        commitment_order_rectification(
            commitment_id=pledged.pk, actor=people["food_reviewer"], reason=""
        )
    c = commitment_order_rectification(commitment_id=pledged.pk, actor=people["food_reviewer"],
                                       reason="现场核查发现卫生设施与平面图不符")  # fmt: skip
    assert c.status == CommitmentStatus.RECTIFYING and not CreditRecord.objects.exists()
    assert "经核查：现场核查发现" in OutboxMessage.objects.get(subject="责令限期整改").body
