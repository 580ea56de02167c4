import pytest
from django.contrib.auth.models import Group

from onewindow.audit.models import AuditEvent
from onewindow.audit.services import audit_record, diff

pytestmark = pytest.mark.django_db


def test_a_record_names_actor_object_and_summary(django_user_model):
    user = django_user_model.objects.create_user("clerk")
    group = Group.objects.create(name="测试组")
    event = audit_record(
        actor=user, action="group.create", obj=group, summary="新建", changes={"a": [1, 2]}
    )
    assert (event.actor, event.object_id, event.object_repr) == (user, str(group.pk), "测试组")
    assert event.changes == {"a": [1, 2]}


def test_an_anonymous_actor_is_stored_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    assert audit_record(actor=AnonymousUser(), action="x").actor is None


def test_a_request_leaves_its_id_and_address_on_the_events_it_causes(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw-123456")
    client.force_login(user)
    response = client.post("/accounts/me/", {"name": "终端"}, HTTP_X_REQUEST_ID="req-42")
    assert response["X-Request-ID"] == "req-42"
    event = AuditEvent.objects.get(action="api_token.create")
    assert (event.request_id, event.ip_address) == ("req-42", "127.0.0.1")


def test_diff_lists_only_changed_fields():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": [2, 3]}


def test_the_trail_cannot_be_edited_in_the_admin(admin_client):
    event = audit_record(actor=None, action="x")
    response = admin_client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()
