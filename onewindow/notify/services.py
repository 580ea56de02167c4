"""notify_send stores a message and hands it to its backend once the caller's transaction
commits: a rolled-back action sends nothing, and a failing gateway never rolls back the
action that wanted to tell someone about it."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from onewindow.lib.errors import InvalidInput

from .backends import backend_for, backend_path
from .choices import Channel, MessageStatus
from .models import OutboxMessage

ERR_NO_RECIPIENT = "没有可用的收件人（手机号码或电子邮箱）"


def _contact(user, channel: str) -> str:
    if user is None:
        return ""
    if channel == Channel.EMAIL:
        return user.email or ""
    for holder in ("applicant_account", "staff_profile"):
        found = getattr(user, holder, None)
        if found is not None and found.phone:
            return found.phone
    return ""


def notify_send(
    *,
    channel: str,
    body: str,
    subject: str = "",
    to_user=None,
    phone: str = "",
    email: str = "",
    related=None,
    dedupe_key: str | None = None,
) -> OutboxMessage | None:
    """Stores the message and dispatches it on commit. Returns None when `dedupe_key` was
    already used (the message was sent before)."""
    if channel not in Channel.values:
        raise InvalidInput("消息渠道无效", code="channel_invalid")
    phone = phone or (_contact(to_user, channel) if channel == Channel.SMS else "")
    email = email or (_contact(to_user, channel) if channel == Channel.EMAIL else "")
    if (channel == Channel.SMS and not phone) or (channel == Channel.EMAIL and not email):
        raise InvalidInput(ERR_NO_RECIPIENT, code="no_recipient")
    message = OutboxMessage(
        channel=channel, to_user=to_user, phone=phone, email=email, subject=subject[:150],
        body=body, backend=backend_path(channel), dedupe_key=dedupe_key,
    )  # fmt: skip
    if related is not None:
        message.related_type = ContentType.objects.get_for_model(related)
        message.related_id, message.related_repr = str(related.pk), str(related)[:200]
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        if dedupe_key and OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(lambda: message_dispatch(message_id=message.pk))
    return message


def message_dispatch(*, message_id: int) -> OutboxMessage:
    """Hands a queued message to its backend and records the outcome (also used to retry)."""
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status == MessageStatus.SENT:
        return message
    try:
        backend_for(message.channel).send(message)
    except Exception as exc:  # any gateway error is recorded, never raised to the caller
        message.status, message.error = MessageStatus.FAILED, str(exc)[:300]
    else:
        message.status, message.sent_at, message.error = MessageStatus.SENT, timezone.now(), ""
    message.save(update_fields=["status", "sent_at", "error"])
    return message
