import pytest
from django.contrib.auth.models import Group

from onewindow.accounts import services
from onewindow.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migration():
    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}


def test_a_granted_role_is_seen_at_once(django_user_model):
    user = django_user_model.objects.create_user("reviewer")
    assert not services.user_has_role(user, Role.REVIEWER)
    services.user_grant_role(user=user, role=Role.REVIEWER, actor=None)
    assert services.user_has_role(user, Role.REVIEWER, Role.SUPERVISOR)
    assert not services.user_has_role(user, Role.SUPERVISOR)


def test_a_superuser_holds_the_admin_role(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x")
    assert services.user_has_role(root, Role.ADMIN)


def test_an_anonymous_user_holds_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert services.user_roles(AnonymousUser()) == set()
