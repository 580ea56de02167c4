"""The nav offers each person their own work areas, and nothing else."""

import pytest
from django.contrib.auth.models import Group

from onewindow.accounts.roles import Role

pytestmark = pytest.mark.django_db

AREAS = {
    "窗口受理": "/cases/workbench/",
    "部门待办": "/cases/inbox/",
    "超期督办": "/cases/overdue/",
    "我的办件": "/cases/mine/",
}


def nav_of(client, role=None, django_user_model=None):
    if role:
        user = django_user_model.objects.create_user(role.lower(), password="pw-123456")
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
    page = client.get("/").content.decode()
    return {label for label, url in AREAS.items() if f'href="{url}"' in page}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (None, set()),
        (Role.APPLICANT, {"我的办件"}),
        (Role.CLERK, {"窗口受理"}),
        (Role.REVIEWER, {"部门待办", "超期督办"}),
        (Role.SUPERVISOR, {"超期督办"}),
    ],
)
def test_the_nav_shows_the_work_areas_of_the_role(client, django_user_model, role, expected):
    assert nav_of(client, role, django_user_model) == expected


def test_everyone_can_look_up_progress(client):
    assert 'href="/cases/progress/"' in client.get("/").content.decode()
