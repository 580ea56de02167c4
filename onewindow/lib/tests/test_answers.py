"""lib.answers.build reads an object as ninja's validation does, nested schemas included,
and refuses the schema shapes it does not handle instead of answering them wrongly."""

import warnings
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.db import models
from django.db.models.fields.files import FieldFile
from ninja import Field, Schema

from onewindow.lib.answers import build


class GroupOut(Schema):
    name: str


class Owner(Schema):
    username: str
    full_name: str
    groups: list[GroupOut]  # a manager: listed
    manager: GroupOut | None
    joined: datetime
    initials: str

    @staticmethod
    def resolve_full_name(obj):
        return f"{obj.last_name}{obj.first_name}"

    @staticmethod
    def resolve_initials(obj, context):
        return context["prefix"] + obj.username[:1].upper()


class Upload(Schema):
    title: str
    file: str | None  # a file: its URL, or None when empty
    size: int  # a callable: called
    owner: Owner
    tags: list[str]


@pytest.mark.django_db
def test_it_answers_what_ninjas_validation_gives():
    user = User.objects.create(username="li", first_name="四", last_name="李",
                               date_joined=datetime(2026, 3, 1, 8, 30, tzinfo=UTC))  # fmt: skip
    user.groups.add(Group.objects.create(name="窗口"), Group.objects.create(name="审查"))
    field = models.FileField(name="file")
    for name in ("docs/a.pdf", ""):
        user.manager = Group.objects.get(name="窗口") if name else None
        user.joined = user.date_joined
        upload = SimpleNamespace(title="申请书", file=FieldFile(None, field, name), size=lambda: 42,
                                 owner=user, tags=["新办"])  # fmt: skip
        context = {"prefix": "#"}
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # pydantic warns of a value of another type
            built = build(Upload, upload, context).model_dump()
        assert built == Upload.model_validate(upload, context=context).model_dump()
        assert built["file"] == ("/media/docs/a.pdf" if name else None)
        assert built["size"] == 42 and built["owner"]["initials"] == "#L"
        assert [g["name"] for g in built["owner"]["groups"]] == ["窗口", "审查"]
        assert built["owner"]["manager"] == ({"name": "窗口"} if name else None)


def test_it_refuses_what_it_would_answer_wrongly():
    class Aliased(Schema):
        at: datetime = Field(..., alias="created_at")

    class Either(Schema):
        one: GroupOut | Owner

    class Mapping(Schema):
        groups: dict[str, GroupOut]

    for schema, why in ((Aliased, "aliased"), (Either, "union"), (Mapping, "inside")):
        with pytest.raises(TypeError, match=why):
            build(schema, SimpleNamespace())
