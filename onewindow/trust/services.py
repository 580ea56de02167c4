"""Trust approval: signing the pledge (and with it acceptance), deferred materials handed in
and verified, the overdue sweep (reminders, rectification, breach) and credit repair.

Each service runs in one transaction, writes its AuditEvent, and sends its messages
through notify_send (stored in the transaction, dispatched after commit)."""

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.audit.services import audit_record
from onewindow.cases.choices import CaseStatus, MaterialCheck
from onewindow.cases.models import CaseMaterial
from onewindow.cases.permissions import is_reviewer_for
from onewindow.cases.services.acceptance import accept_locked
from onewindow.cases.services.common import load, lock, move
from onewindow.catalog.models import Material
from onewindow.lib import workdays
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from onewindow.licenses.choices import LicenseStatus
from onewindow.licenses.models import License
from onewindow.licenses.services import license_revoke
from onewindow.notify.choices import Channel
from onewindow.notify.services import notify_send

from .choices import DONE_ITEMS, CommitmentStatus, CreditStatus, ItemStatus, TrustClass
from .letter import letter_content, policy_for
from .models import Commitment, CommitmentItem, CreditRecord, Reminder
from .rules import _cn, bar_until, pledge_due_date, trust_bar

ERR_NOT_CONFIRMED = "请阅读告知承诺书并勾选确认后再签署"
ERR_NO_SIGNER = "请填写签署人姓名"
ERR_NOTHING_DEFERRED = "请选择要承诺后补的材料"
ERR_NOT_TRUST_MATTER = "该事项未实行告知承诺制，请按一般程序提交全部材料"
ERR_STATE = "办件已受理或已办结，不能再选择告知承诺"
ERR_ALREADY = "该办件已签署告知承诺书"
ERR_SIGNATURE = "手写签名须为PNG图片且不超过300KB"
ERR_ITEM_STATE = "该材料当前不需要补交"
ERR_NOT_SUBMITTED = "该材料尚未补交，不能核验"
ERR_REJECT_NOTE = "核验不通过时请写明原因，以便申请人一次补正到位"
ERR_NOT_REVIEWER = "只有牵头部门的审批人员可以核验承诺材料"
ERR_NOT_OWNER = "只有申请人本人可以补交承诺材料"
ERR_RECTIFY_NOT_DUE = "整改期限尚未届满，不能认定失信"
ERR_REPAIR_ROLE = "只有科室负责人、大厅管理人员或系统管理员可以审核信用修复"
ERR_REPAIR_NOTE = "请写明信用修复的依据（整改情况）"
ERR_NOT_RECTIFIED = "当事人尚未补齐承诺的全部材料（整改未完成），不能信用修复"
ERR_ALREADY_REPAIRED = "该失信记录已修复"
ERR_RECTIFY_REASON = "请写明责令整改的理由（核查发现的问题）"
ERR_RECTIFY_EARLY = "期限届满前责令整改，须先在核验中认定材料与承诺不符（核验不通过）"
SIGNATURE_MAX = 300 * 1024
REPAIR_ROLES = {Role.SECTION_HEAD, Role.SUPERVISOR, Role.ADMIN}
# Still owed by the applicant; a SUBMITTED item waits on the reviewer, not on them.
OWED_ITEMS = (ItemStatus.PLEDGED, ItemStatus.REJECTED)


def _tell(commitment: Commitment, body: str, *, subject: str = "告知承诺", key=None):
    """An SMS to the applicant about this commitment (nothing when no phone is known)."""
    applicant = commitment.applicant
    user = applicant.user
    if not applicant.phone and not (user and getattr(user, "applicant_account", None)):
        return None
    try:
        return notify_send(channel=Channel.SMS, subject=subject, body=body, to_user=user,
                           phone=applicant.phone, related=commitment, dedupe_key=key)  # fmt: skip
    except InvalidInput:  # no usable phone number: the letter and the pages still tell them
        return None


def _locked(commitment_id: int) -> Commitment:
    found = (
        Commitment.objects.select_for_update(of=("self",))
        .select_related("applicant__user", "case")
        .filter(pk=commitment_id)
        .first()
    )
    if found is None:
        raise NotFound("未找到该告知承诺", code="commitment_not_found")
    return found


def commitment_sign(
    *, case_id: int, actor, signer_name: str, deferred: list[str], confirmed: bool,
    signature_png: bytes | None = None,
) -> Commitment:  # fmt: skip
    """The applicant signs the pledge: the deferred materials are marked 承诺后补, the case is
    accepted (the clock starts today) and a Commitment lists what is owed and by when."""
    signer_name = (signer_name or "").strip()
    deferred = list(dict.fromkeys(n.strip() for n in deferred or [] if n and n.strip()))
    if not confirmed:
        raise InvalidInput(ERR_NOT_CONFIRMED, code="pledge_not_confirmed")
    if not signer_name:
        raise InvalidInput(ERR_NO_SIGNER, code="signer_required")
    if not deferred:
        raise InvalidInput(ERR_NOTHING_DEFERRED, code="nothing_deferred")
    if signature_png is not None and (
        not signature_png.startswith(b"\x89PNG") or len(signature_png) > SIGNATURE_MAX
    ):
        raise InvalidInput(ERR_SIGNATURE, code="signature_invalid")
    now = timezone.now()
    with transaction.atomic():
        case = lock(case_id)
        load(case, "materials", "notices")
        if Commitment.objects.filter(case=case).exists():
            raise Conflict(ERR_ALREADY, code="commitment_exists")
        if case.status not in (CaseStatus.SUBMITTED, CaseStatus.PRE_REVIEWED):
            raise Conflict(ERR_STATE, code="case_state", details={"status": case.status})
        policy = policy_for(case)
        if policy is None:
            raise Conflict(ERR_NOT_TRUST_MATTER, code="matter_not_trusted")
        barred = trust_bar(case.applicant, today=timezone.localdate(now))
        if barred is not None:
            raise barred
        rules = {r.material_name: r.trust_class for r in policy.rules.all()}
        not_pledgeable = [n for n in deferred if n not in rules]
        if not_pledgeable:
            raise InvalidInput(
                f"以下材料不适用告知承诺，须当场提交：{'、'.join(not_pledgeable)}",
                code="material_not_pledgeable", details={"materials": not_pledgeable},
            )  # fmt: skip
        required = list(
            Material.objects.filter(matter_id=case.matter_id, required=True)
            .order_by("order", "id").values_list("name", flat=True)
        )  # fmt: skip
        on_case = {m.name: m for m in case.materials.all()}
        missing = [
            n for n in required
            if n not in deferred and (n not in on_case or on_case[n].check_result != MaterialCheck.PROVIDED)
        ]  # fmt: skip
        if missing:
            raise InvalidInput(
                f"以下材料须当场提交（不在承诺范围内）：{'、'.join(missing)}",
                code="materials_missing", details={"materials": missing},
            )  # fmt: skip
        accepted_day = timezone.localdate(now)
        due = pledge_due_date(accepted_day, policy.deadline_months)
        letter = letter_content(case, policy, deferred=deferred, due=due)
        rows = []
        for name in deferred:
            row = on_case.get(name) or CaseMaterial(case=case, name=name)
            full = rules[name] == TrustClass.FULL
            row.check_result, row.checked_at = MaterialCheck.PLEDGED, now
            row.check_note = "以承诺替代证明" if full else f"告知承诺，{_cn(due)}前补交"
            row.save()
            rows.append(row)
        if case.status == CaseStatus.SUBMITTED:
            move(case, CaseStatus.PRE_REVIEWED, actor=actor, summary="核验当场提交的材料；申请人选择告知承诺")  # fmt: skip
        load(case, "materials")
        accept_locked(case, actor=actor, now=now)
        owed = [n for n in deferred if rules[n] != TrustClass.FULL]
        commitment = Commitment(
            case=case, applicant=case.applicant, number=f"诺〔{case.number}〕",
            letter=letter, signer_name=signer_name, signed_at=now,
            signed_by=actor if getattr(actor, "is_authenticated", False) else None,
            due_date=due if owed else None,
            status=CommitmentStatus.ACTIVE if owed else CommitmentStatus.FULFILLED,
            fulfilled_at=None if owed else now,
        )  # fmt: skip
        if signature_png:
            commitment.signature.save(f"{case.number}.png", ContentFile(signature_png), save=False)
        commitment.save(force_insert=True)
        CommitmentItem.objects.bulk_create([
            CommitmentItem(
                commitment=commitment, material_name=n, trust_class=rules[n],
                due_date=None if rules[n] == TrustClass.FULL else due,
                status=ItemStatus.WAIVED if rules[n] == TrustClass.FULL else ItemStatus.PLEDGED,
            )
            for n in deferred
        ])  # fmt: skip
        audit_record(
            actor=actor, action="commitment.sign", obj=commitment,
            summary=f"{signer_name}签署告知承诺书，办件{case.number}受理；承诺后补{len(owed)}项材料"
                    + (f"，{_cn(due)}前补交" if owed else ""),
            changes={"deferred": deferred, "due_date": due.isoformat() if owed else None},
        )  # fmt: skip
        if owed:
            _tell(commitment, f"您已签署告知承诺书（{commitment.number}），办件{case.number}已受理。请于{_cn(due)}前补交：{'、'.join(owed)}。")  # fmt: skip
    return commitment


def commitment_item_upload(*, item_id: int, actor, file) -> CommitmentItem:
    """The applicant hands in a deferred material (online)."""
    if not file:
        raise InvalidInput("请选择要上传的文件", code="file_required")
    with transaction.atomic():
        item = CommitmentItem.objects.filter(pk=item_id).first()
        if item is None:
            raise NotFound("未找到该承诺材料", code="item_not_found")
        commitment = _locked(item.commitment_id)
        owners = {getattr(commitment.applicant.user, "pk", None), commitment.case.submitted_by_id}
        if getattr(actor, "pk", None) not in owners - {None}:
            raise Forbidden(ERR_NOT_OWNER, code="not_owner")
        item = CommitmentItem.objects.select_for_update().get(pk=item_id)
        if item.status not in (ItemStatus.PLEDGED, ItemStatus.REJECTED):
            raise Conflict(ERR_ITEM_STATE, code="item_not_pending", details={"status": item.status})
        item.file.save(file.name, file, save=False)
        item.status, item.submitted_at, item.note = ItemStatus.SUBMITTED, timezone.now(), ""
        item.save(update_fields=["file", "status", "submitted_at", "note"])
        audit_record(actor=actor, action="commitment.material_submitted", obj=commitment,
                     summary=f"补交承诺材料：{item.material_name}")  # fmt: skip
    return item


def commitment_item_verify(*, item_id: int, actor, approve: bool, note: str = "") -> CommitmentItem:
    """A reviewer of the lead department checks a handed-in material; when every deferred
    material has passed, the commitment is fulfilled (also while rectifying)."""
    note = (note or "").strip()
    if not approve and not note:
        raise InvalidInput(ERR_REJECT_NOTE, code="note_required")
    now = timezone.now()
    with transaction.atomic():
        item = CommitmentItem.objects.filter(pk=item_id).first()
        if item is None:
            raise NotFound("未找到该承诺材料", code="item_not_found")
        commitment = _locked(item.commitment_id)
        if not is_reviewer_for(actor, commitment.case.lead_department_id):
            raise Forbidden(ERR_NOT_REVIEWER, code="not_reviewer")
        item = CommitmentItem.objects.select_for_update().get(pk=item_id)
        if item.status != ItemStatus.SUBMITTED:
            raise Conflict(
                ERR_NOT_SUBMITTED, code="item_not_submitted", details={"status": item.status}
            )
        item.status = ItemStatus.VERIFIED if approve else ItemStatus.REJECTED
        item.verified_at, item.verified_by, item.note = now, actor, note[:200]
        item.save(update_fields=["status", "verified_at", "verified_by", "note"])
        if approve:
            CaseMaterial.objects.filter(case_id=commitment.case_id, name=item.material_name).update(
                check_result=MaterialCheck.PROVIDED, check_note="承诺后补，已核验", checked_at=now,
                file=item.file.name,
            )  # fmt: skip
        done = not commitment.items.exclude(status__in=DONE_ITEMS).exists()
        fulfilled = done and commitment.status in (
            CommitmentStatus.ACTIVE,
            CommitmentStatus.RECTIFYING,
        )
        if fulfilled:
            commitment.status, commitment.fulfilled_at = CommitmentStatus.FULFILLED, now
            commitment.save(update_fields=["status", "fulfilled_at"])
        verdict = "核验通过" if approve else f"核验不通过：{note}"
        audit_record(
            actor=actor, action="commitment.material_verified" if approve else "commitment.material_rejected",
            obj=commitment,
            summary=f"{item.material_name}{verdict}" + ("；承诺已全部履行" if fulfilled else ""),
        )  # fmt: skip
        if fulfilled:
            _tell(commitment, f"您在告知承诺书（{commitment.number}）中承诺的材料已全部核验通过，承诺履行完毕。")  # fmt: skip
        elif not approve:
            _tell(commitment, f"您补交的“{item.material_name}”核验未通过：{note}。请在期限内重新补交。")  # fmt: skip
    return item


def commitment_order_rectification(
    *, commitment_id: int, actor=None, reason: str = "", now=None
) -> Commitment:
    """A rectification demand with its own deadline; no credit mark yet. The sweep (no actor)
    orders it once the deadline has passed with materials still owed; a reviewer of the lead
    department may order it earlier, with a reason, once verification found a material not as
    pledged (an item rejected): 国办发〔2020〕42号 — stop, order rectification within a limit."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        c = _locked(commitment_id)
        if c.status != CommitmentStatus.ACTIVE:
            raise Conflict("该承诺不在履行中", code="commitment_not_active")
        if actor is not None:
            if not is_reviewer_for(actor, c.case.lead_department_id):
                raise Forbidden(ERR_NOT_REVIEWER, code="not_reviewer")
            if not reason:
                raise InvalidInput(ERR_RECTIFY_REASON, code="reason_required")
            if not c.items.filter(status=ItemStatus.REJECTED).exists():
                raise Conflict(ERR_RECTIFY_EARLY, code="nothing_found")
        elif c.due_date is None or timezone.localdate(now) <= c.due_date:
            raise Conflict("承诺期限尚未届满", code="commitment_not_overdue")
        c.status, c.rectification_ordered_at = CommitmentStatus.RECTIFYING, now
        c.rectification_due_date = workdays.add_workdays(
            timezone.localdate(now), settings.TRUST_RECTIFICATION_WORKDAYS
        )
        c.save(update_fields=["status", "rectification_ordered_at", "rectification_due_date"])
        owed = list(c.items.filter(status__in=OWED_ITEMS).values_list("material_name", flat=True))
        why = reason or f"承诺期限届满未补交{len(owed)}项材料"
        audit_record(actor=actor, action="commitment.rectification_ordered", obj=c,
                     summary=f"{why}，责令于{_cn(c.rectification_due_date)}前整改",
                     changes={"owed": owed, "reason": reason})  # fmt: skip
        fact = f"经核查：{reason}" if reason else f"承诺的材料逾期未补交：{'、'.join(owed)}"
        _tell(c, f"您在告知承诺书（{c.number}）中{fact}。请于{_cn(c.rectification_due_date)}前整改补交，逾期将撤销许可并列入失信名单。", subject="责令限期整改")  # fmt: skip
    return c


def commitment_breach(*, commitment_id: int, actor=None, reason: str = "", now=None) -> Commitment:
    """Not rectified in time: a dishonest record, listed publicly; the approval and every
    license resting on the pledge are revoked (through the licenses service)."""
    now = now or timezone.now()
    with transaction.atomic():
        c = _locked(commitment_id)
        if c.status != CommitmentStatus.RECTIFYING:
            raise Conflict("只有限期整改中的承诺才能认定为未履行", code="commitment_not_rectifying")
        if timezone.localdate(now) <= c.rectification_due_date:
            raise Conflict(ERR_RECTIFY_NOT_DUE, code="rectification_not_due")
        owed = list(c.items.filter(status__in=OWED_ITEMS).values_list("material_name", flat=True))
        if not owed:
            raise Conflict("承诺材料已补交，正在核验", code="materials_awaiting_check")
        reason = (reason or "").strip() or (
            f"告知承诺书（{c.number}）承诺的材料（{'、'.join(owed)}）逾期未补交，"
            f"经责令限期整改（至{_cn(c.rectification_due_date)}）仍未整改"
        )
        revoke_reason = f"申请人未履行告知承诺：{reason}"[:500]
        revoked = []
        for lic in License.objects.filter(
            case_id=c.case_id, status=LicenseStatus.VALID, composite__isnull=True
        ):
            license_revoke(license_id=lic.pk, actor=None, reason=revoke_reason)
            revoked.append(lic.number)
        c.status, c.breached_at = CommitmentStatus.BREACHED, now
        c.revocation_reason, c.revoked_licenses = revoke_reason, revoked
        c.save(update_fields=["status", "breached_at", "revocation_reason", "revoked_licenses"])
        record = CreditRecord.objects.create(
            applicant=c.applicant, commitment=c, reason=reason, recorded_at=now,
            bar_until=bar_until(timezone.localdate(now)),
        )  # fmt: skip
        audit_record(
            actor=actor, action="commitment.breach", obj=c,
            summary=f"未履行告知承诺：撤销办件{c.case.number}的准予许可决定"
                    + (f"及电子证照{'、'.join(revoked)}" if revoked else "") + "，列入失信名单",
            changes={"credit_record": record.pk, "revoked_licenses": revoked},
        )  # fmt: skip
        _tell(c, f"因未履行告知承诺书（{c.number}），办件{c.case.number}的许可决定已撤销，您已被列入失信名单。完成整改后可申请信用修复。", subject="撤销许可决定")  # fmt: skip
    return c


def credit_repair(*, record_id: int, actor, note: str) -> CreditRecord:
    """信用修复 by an authorised reviewer, for an applicant who has since rectified."""
    note = (note or "").strip()
    if not user_roles(actor) & REPAIR_ROLES:
        raise Forbidden(ERR_REPAIR_ROLE, code="not_authorised")
    if not note:
        raise InvalidInput(ERR_REPAIR_NOTE, code="repair_note_required")
    now = timezone.now()
    with transaction.atomic():
        record = (
            CreditRecord.objects.select_for_update(of=("self",))
            .select_related("applicant", "commitment").filter(pk=record_id).first()
        )  # fmt: skip
        if record is None:
            raise NotFound("未找到该失信记录", code="record_not_found")
        if record.status != CreditStatus.ACTIVE:
            raise Conflict(ERR_ALREADY_REPAIRED, code="already_repaired")
        if record.commitment_id and record.commitment.items.exclude(status__in=DONE_ITEMS).exists():
            raise Conflict(ERR_NOT_RECTIFIED, code="not_rectified")
        record.status, record.repaired_at, record.repaired_by = CreditStatus.REPAIRED, now, actor
        record.repair_note = note
        record.save(update_fields=["status", "repaired_at", "repaired_by", "repair_note"])
        audit_record(actor=actor, action="credit.repair", obj=record,
                     summary=f"信用修复：{record.applicant.name}；{note}"[:500])  # fmt: skip
        if record.commitment_id:
            _tell(record.commitment, f"您的失信记录已完成信用修复，不再公示。自认定之日起至{_cn(record.bar_until)}前仍不得适用告知承诺制。", subject="信用修复")  # fmt: skip
    return record


def remind_due(*, now=None) -> int:
    """Sends each reminder once: for every open commitment with materials still owed and a
    due date within the largest reminder window, the nearest reminder that has come due."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    days = sorted(set(settings.TRUST_REMINDER_DAYS))
    if not days:
        return 0
    sent = 0
    due = (
        CommitmentItem.objects.filter(
            status__in=OWED_ITEMS, commitment__status=CommitmentStatus.ACTIVE,
            due_date__gte=today, due_date__lte=today + timedelta(days=days[-1]),
        ).values_list("commitment_id", "due_date").distinct()
    )  # fmt: skip
    for commitment_id, due_date in sorted(set(due)):
        left = (due_date - today).days
        before = min(d for d in days if d >= left)
        try:
            with transaction.atomic():
                Reminder.objects.create(commitment_id=commitment_id, due_date=due_date,
                                        days_before=before, sent_at=now)  # fmt: skip
                c = Commitment.objects.select_related("applicant__user").get(pk=commitment_id)
                owed = c.items.filter(status__in=OWED_ITEMS, due_date=due_date)
                names = "、".join(owed.values_list("material_name", flat=True))
                _tell(c, f"提醒：您在告知承诺书（{c.number}）中承诺的材料（{names}）须于{_cn(due_date)}前补交，还剩{left}天。可登录一窗通办在线补交。",
                      subject="告知承诺到期提醒", key=f"trust-remind-{commitment_id}-{due_date}-{before}")  # fmt: skip
        except IntegrityError:
            continue  # already sent (a second run, or another worker)
        sent += 1
    return sent


def sweep(*, now=None) -> dict:
    """The periodic work: reminders, rectification of overdue pledges, breach of pledges not
    rectified in time. Each commitment is handled in its own transaction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    out = {"reminded": remind_due(now=now), "rectifying": 0, "breached": 0}
    overdue = Commitment.objects.filter(
        status=CommitmentStatus.ACTIVE, items__status__in=OWED_ITEMS, items__due_date__lt=today
    ).values_list("pk", flat=True).distinct()  # fmt: skip
    for pk in list(overdue):
        try:
            commitment_order_rectification(commitment_id=pk, now=now)
            out["rectifying"] += 1
        except Conflict:
            continue
    for pk in list(
        Commitment.objects.filter(status=CommitmentStatus.RECTIFYING, rectification_due_date__lt=today)
        .values_list("pk", flat=True)
    ):  # fmt: skip
        try:
            commitment_breach(commitment_id=pk, now=now)
            out["breached"] += 1
        except Conflict:
            continue
    return out
