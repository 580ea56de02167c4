"""The shared error body, in Chinese, for what ninja itself refuses."""

import pytest


@pytest.mark.django_db
def test_malformed_json_is_a_400_in_chinese(admin_client):
    response = admin_client.post(
        "/api/v1/accounts/tokens", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_json",
        "message": "请求内容不是有效的 JSON",
        "details": None,
    }


@pytest.mark.django_db
def test_a_session_write_without_csrf_is_a_403_in_chinese(django_user_model):
    from django.test import Client

    user = django_user_model.objects.create_user("u", password="pw-123456")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


@pytest.mark.django_db
def test_an_absurd_page_number_is_refused_not_a_500(client):
    response = client.get("/api/v1/catalog/matters?page=100000000000000000000")
    assert response.status_code == 422
