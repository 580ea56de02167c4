from .models import OutboxMessage


def outbox_list(*, channel: str = "", status: str = "", q: str = ""):
    qs = OutboxMessage.objects.select_related("to_user").order_by("-created_at", "-id")
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = (
            qs.filter(phone__contains=q)
            | qs.filter(email__icontains=q)
            | qs.filter(related_repr__icontains=q)
        )
    return qs
