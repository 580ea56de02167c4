"""A token known to the process (accounts.auth): used without a query, and forgotten the
moment it is revoked or its user changes. These tests commit, as requests do: a test's
own transaction would keep the cache from learning anything."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from onewindow.accounts import auth, services
from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role

# serialized_rollback: the flush after a committing test would drop the role groups.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ME = "/api/v1/accounts/me"


@pytest.fixture
def clerk(django_user_model):
    user = django_user_model.objects.create_user("clerk", password="pw-123456")
    user.groups.add(Group.objects.get(name=Role.CLERK))
    StaffProfile.objects.create(user=user, full_name="窗口一")
    return user


@pytest.fixture
def token(clerk):
    token, raw = services.token_create(user=clerk, name="叫号系统", actor=clerk)
    return token, {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def me(client, headers) -> tuple[int, dict | None, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(ME, **headers)
    body = response.json() if response.status_code == 200 else None
    return response.status_code, body, [q["sql"] for q in ctx.captured_queries]


def test_a_known_token_costs_no_query(client, token):
    _, headers = token
    status, body, first = me(client, headers)
    assert status == 200 and body["roles"] == ["CLERK"] and body["full_name"] == "窗口一"
    assert any("accounts_apitoken" in q for q in first)
    status, body, again = me(client, headers)
    assert status == 200 and body["roles"] == ["CLERK"] and body["full_name"] == "窗口一"
    assert again == [], "token, user, roles and staff profile all come from memory"


def test_a_revoked_token_stops_working_at_once(client, token, clerk):
    row, headers = token
    assert me(client, headers)[0] == 200
    services.token_revoke(token_id=row.pk, user=clerk, actor=clerk)
    assert me(client, headers)[0] == 401


def test_a_deactivated_users_token_stops_working_at_once(client, token, clerk):
    _, headers = token
    assert me(client, headers)[0] == 200
    clerk.is_active = False
    clerk.save()
    assert me(client, headers)[0] == 401


def test_role_and_profile_changes_are_seen_at_once(client, token, clerk):
    _, headers = token
    assert me(client, headers)[1]["roles"] == ["CLERK"]
    clerk.groups.add(Group.objects.get(name=Role.REVIEWER))
    assert sorted(me(client, headers)[1]["roles"]) == ["CLERK", "REVIEWER"]
    StaffProfile.objects.get(user=clerk).delete()
    assert me(client, headers)[1]["full_name"] == ""


def test_a_login_keeps_the_known_tokens(client, token, clerk):
    _, headers = token
    me(client, headers)
    assert client.login(username="clerk", password="pw-123456")  # saves last_login
    assert me(client, headers)[2] == []


def test_requests_get_their_own_copy_of_the_user(client, token):
    _, headers = token
    me(client, headers)
    (known,) = [v for _, v in auth.tokens._entries.values()]
    # what a request sets on request.user stays with that request
    request = RequestFactory().get(ME)
    user = auth.ApiTokenAuth().authenticate(request, headers["HTTP_AUTHORIZATION"][7:])
    user.test_marker = True
    assert user is not known.user and not hasattr(known.user, "test_marker")


def test_a_process_that_serves_no_request_still_tells_the_caches_of_changes():
    """A command revoking a token never loads the API; the receivers that tell the web
    processes must be connected all the same (they were only once the URLs were loaded)."""
    script = (
        "import django; django.setup();"
        "from django.db.models.signals import post_save;"
        "from onewindow.accounts.models import ApiToken;"
        "from onewindow.catalog.models import Window;"
        "print(post_save.has_listeners(ApiToken), post_save.has_listeners(Window))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "onewindow.settings"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "True"], out.stderr[-2000:]
