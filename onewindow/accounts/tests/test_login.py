import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(django_user_model):
    return django_user_model.objects.create_user("clerk", password="onewindow-demo")


def test_the_login_page_is_in_chinese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_logging_in_and_out(client, clerk):
    response = client.post("/accounts/login/", {"username": "clerk", "password": "onewindow-demo"})
    assert response.status_code == 302
    assert client.get("/accounts/me/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/me/").status_code == 302  # back to the login page


def test_a_wrong_password_is_refused_with_a_message(client, clerk):
    response = client.post("/accounts/login/", {"username": "clerk", "password": "nope"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_my_page_creates_a_token_and_shows_it_once(client, clerk):
    client.force_login(clerk)
    response = client.post("/accounts/me/", {"name": "自助终端"})
    assert response.status_code == 200
    found = re.search(r"ow_[A-Za-z0-9_-]{40,}", response.content.decode())
    assert found, "the new token is shown"
    assert found.group(0) not in client.get("/accounts/me/").content.decode()
