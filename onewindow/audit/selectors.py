from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def events_for(obj):
    """The audit trail of one object, oldest first."""
    ct = ContentType.objects.get_for_model(obj)
    return (
        AuditEvent.objects.filter(content_type=ct, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )
