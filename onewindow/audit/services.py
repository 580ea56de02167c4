"""The one helper every service uses to leave its audit row."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from . import context
from .models import AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Writes one AuditEvent in the caller's transaction.

    `action` is a dotted verb such as "matter.publish"; `changes` maps a field to
    [old, new] (or any JSON-able detail). Anonymous actors are stored as null.
    """
    event = audit_event(actor=actor, action=action, obj=obj, summary=summary, changes=changes)
    event.save(force_insert=True)
    return event


def audit_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """The AuditEvent audit_record() writes, unsaved: for a statement that inserts it
    together with the row it is about (one round trip; see cases.services.fastpath)."""
    ctx = context.get()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=user,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        summary=summary[:500],
        changes=changes or {},
        request_id=ctx.request_id,
        ip_address=ctx.ip_address,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value changed, as {field: [old, new]}, JSON-safe."""
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))]
        for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
