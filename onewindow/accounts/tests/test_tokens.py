"""API tokens for integrations: created once, stored hashed, revocable."""

import pytest
from django.contrib.auth.models import Group

from onewindow.accounts import services
from onewindow.accounts.models import ApiToken
from onewindow.accounts.roles import Role
from onewindow.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw-123456")
    user.groups.add(Group.objects.get(name=Role.CLERK))
    return user


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_authenticates_the_api(client, clerk):
    _, raw = services.token_create(user=clerk, name="排队叫号系统", actor=clerk)
    response = client.get("/api/v1/accounts/me", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["roles"] == ["CLERK"]


def test_only_the_hash_is_stored(clerk):
    token, raw = services.token_create(user=clerk, name="接口", actor=clerk)
    assert raw not in (token.key_hash, token.key_hint)
    assert ApiToken.objects.get(key_hash=ApiToken.hash(raw)) == token


def test_no_token_is_answered_401_with_the_shared_error_body(client):
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "请先登录" in response.content.decode()  # Chinese is not escaped


def test_a_wrong_or_revoked_token_is_refused(client, clerk):
    token, raw = services.token_create(user=clerk, name="接口", actor=clerk)
    assert client.get("/api/v1/accounts/me", **bearer(raw + "x")).status_code == 401
    services.token_revoke(token_id=token.pk, user=clerk, actor=clerk)
    assert client.get("/api/v1/accounts/me", **bearer(raw)).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(client, clerk):
    _, raw = services.token_create(user=clerk, name="接口", actor=clerk)
    clerk.is_active = False
    clerk.save()
    assert client.get("/api/v1/accounts/me", **bearer(raw)).status_code == 401


def test_tokens_are_created_and_revoked_through_the_api(client, clerk):
    _, raw = services.token_create(user=clerk, name="第一个", actor=clerk)
    created = client.post(
        "/api/v1/accounts/tokens",
        {"name": "第二个"},
        content_type="application/json",
        **bearer(raw),
    )
    assert created.status_code == 201
    body = created.json()
    assert body["token"].startswith("ow_") and body["name"] == "第二个"
    listed = client.get("/api/v1/accounts/tokens", **bearer(raw)).json()
    assert [t["name"] for t in listed] == ["第二个", "第一个"]
    assert "token" not in listed[0]
    revoked = client.delete(f"/api/v1/accounts/tokens/{body['id']}", **bearer(raw))
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = client.delete(f"/api/v1/accounts/tokens/{body['id']}", **bearer(raw))
    assert again.status_code == 409 and again.json()["code"] == "token_already_revoked"


def test_a_token_without_a_name_is_refused(client, clerk):
    _, raw = services.token_create(user=clerk, name="接口", actor=clerk)
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "  "}, content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 422 and response.json()["code"] == "token_name_required"


def test_nobody_revokes_another_users_token(client, clerk, django_user_model):
    other = django_user_model.objects.create_user("other")
    theirs, _ = services.token_create(user=other, name="他人的", actor=other)
    _, raw = services.token_create(user=clerk, name="接口", actor=clerk)
    response = client.delete(f"/api/v1/accounts/tokens/{theirs.pk}", **bearer(raw))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_creating_and_revoking_leave_audit_rows(clerk):
    token, _ = services.token_create(user=clerk, name="接口", actor=clerk)
    services.token_revoke(token_id=token.pk, user=clerk, actor=clerk)
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "api_token.create",
        "api_token.revoke",
    ]
