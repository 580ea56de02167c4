"""The SMS a rectification sends (through notify: stored in the transaction, sent after
commit): the responsible person when a bad rating arrives, the applicant when the fix waits
for their rating, the supervisor when it is escalated. Nobody with a phone, nothing sent."""

from onewindow.lib.errors import InvalidInput
from onewindow.notify.choices import Channel
from onewindow.notify.services import notify_send

SUBJECT = "好差评"


def _send(*, to_user=None, phone: str = "", body: str, related, key: str):
    if to_user is None and not phone:
        return None
    try:
        return notify_send(channel=Channel.SMS, subject=SUBJECT, body=body, to_user=to_user,
                           phone=phone, related=related, dedupe_key=key)  # fmt: skip
    except InvalidInput:  # no usable phone: the worklist and 我的评价 still show it
        return None


def _about(rectification) -> str:
    case = rectification.rating.case
    return f"办件 {case.number}（{case.title}）" if case is not None else "一次帮代办服务"


def tell_responsible(rectification):
    return _send(
        to_user=rectification.responsible,
        body=f"您办理的{_about(rectification)}收到差评，请于 {rectification.verify_due_date:%Y-%m-%d} "
        f"前核实，{rectification.rectify_due_date:%Y-%m-%d} 前整改或解释说明。",
        related=rectification,
        key=f"ratings-rect-{rectification.pk}-open",
    )


def tell_applicant(rectification):
    applicant = rectification.rating.applicant
    if applicant is None:
        return None
    return _send(
        to_user=applicant.user,
        phone=applicant.phone,
        body=f"您对{_about(rectification)}的评价已处理：{rectification.measures[:60]}。"
        "请登录“我的评价”对整改结果作出评价。",
        related=rectification,
        key=f"ratings-rect-{rectification.pk}-revisit",
    )


def tell_supervisor(rectification):
    return _send(
        to_user=rectification.escalated_to,
        body=f"{_about(rectification)}的差评整改已超期，请督办。",
        related=rectification,
        key=f"ratings-rect-{rectification.pk}-escalated",
    )
