"""The outbox: every message stored, sent after commit through the configured backend,
failures recorded, duplicates refused, and a staff page and API that list them."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from onewindow.accounts.roles import Role
from onewindow.lib.errors import InvalidInput
from onewindow.notify.models import OutboxMessage
from onewindow.notify.services import message_dispatch, notify_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_user("sup", password="pw-123456")
    user.groups.add(Group.objects.get(name=Role.SUPERVISOR))
    return user


@pytest.fixture
def citizen(django_user_model):
    user = django_user_model.objects.create_user("cit", password="pw-123456", email="c@example.cn")
    user.groups.add(Group.objects.get(name=Role.APPLICANT))
    return user


def test_a_message_is_stored_and_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = notify_send(channel="SMS", phone="13800000000", body="您好")
    assert OutboxMessage.objects.get().status == "QUEUED"
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.status == "SENT" and message.sent_at
    assert message.backend == "onewindow.notify.backends.ConsoleBackend"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_action_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_send(channel="SMS", phone="13800000000", body="不会发出")
        raise RuntimeError
    assert not OutboxMessage.objects.exists()


def test_the_backend_comes_from_settings_and_failures_are_recorded(settings):
    settings.NOTIFY_BACKENDS = {"SMS": "onewindow.notify.backends.FailingBackend"}
    message = notify_send(channel="SMS", phone="13800000000", body="x")
    message = message_dispatch(message_id=message.pk)
    assert message.status == "FAILED" and message.error == "通道不可用"


def test_email_goes_through_django_mail(settings, citizen, mailoutbox):
    settings.NOTIFY_BACKENDS = {"EMAIL": "onewindow.notify.backends.EmailBackend"}
    message = notify_send(channel="EMAIL", to_user=citizen, subject="提醒", body="请补交材料")
    assert message.email == "c@example.cn"
    assert message_dispatch(message_id=message.pk).status == "SENT"
    assert mailoutbox[0].subject == "提醒" and mailoutbox[0].to == ["c@example.cn"]


def test_no_recipient_is_a_clear_error(citizen):
    with pytest.raises(InvalidInput) as err:
        notify_send(channel="SMS", to_user=citizen, body="x")
    assert err.value.code == "no_recipient"


def test_a_dedupe_key_sends_once():
    assert notify_send(channel="SMS", phone="13800000000", body="a", dedupe_key="k1")
    assert notify_send(channel="SMS", phone="13800000000", body="a", dedupe_key="k1") is None
    assert OutboxMessage.objects.count() == 1


def test_staff_see_the_outbox_in_fixed_queries(client, staff, django_assert_num_queries):
    for i in range(5):
        notify_send(channel="SMS", phone=f"1380000000{i}", body=f"消息{i}")
    client.force_login(staff)
    client.get("/notify/")  # warm caches (roles, district name)
    with django_assert_num_queries(5) as ctx:
        response = client.get("/notify/")
    n = len(ctx)
    for i in range(5, 15):
        notify_send(channel="SMS", phone=f"138000000{i}", body=f"消息{i}")
    with django_assert_num_queries(n):
        response = client.get("/notify/?channel=SMS")
    assert response.status_code == 200 and "消息14" in response.content.decode()


def test_applicants_may_not_read_the_outbox(client, citizen):
    client.force_login(citizen)
    assert client.get("/notify/").status_code == 403
    assert client.get("/api/v1/notify/messages").status_code == 403


def test_the_api_lists_messages_for_staff(client, staff):
    notify_send(channel="SMS", phone="13800000000", body="接口")
    client.force_login(staff)
    body = client.get("/api/v1/notify/messages?channel=SMS").json()
    assert body["count"] == 1 and body["items"][0]["body"] == "接口"
