"""Matters: promised <= legal in the database, and versions that cases can keep."""

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from onewindow.audit.models import AuditEvent
from onewindow.catalog import services
from onewindow.catalog.choices import MatterKind, MatterStatus, MatterType, RegionLevel
from onewindow.catalog.models import Department, Matter, Region
from onewindow.lib.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    region = Region.objects.create(code="500199000000", name="清江区", level=RegionLevel.DISTRICT)
    return Department.objects.create(code="SCJGJ", name="区市场监督管理局", region=region)


def matter_input(department, **overrides):
    fields = {
        "code": "500199-XK-0001",
        "name": "食品经营许可",
        "matter_type": MatterType.LICENSING,
        "department": department,
        "kind": MatterKind.PROMISED,
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "levels": ["COUNTY"],
        "channels": ["WINDOW", "ONLINE"],
        **overrides,
    }
    return services.MatterInput(
        fields=fields,
        materials=[
            {"name": "食品经营许可申请书", "is_core": True},
            {"name": "营业执照", "shared_code": "BUSINESS_LICENSE", "is_core": False},
        ],
        steps=[{"name": "受理"}, {"name": "现场核查", "kind": "SPECIAL", "usual_days": 5}],
    )


def test_the_database_refuses_a_promised_limit_over_the_legal_one(department):
    with pytest.raises(IntegrityError), transaction.atomic():
        Matter.objects.create(
            code="X1", name="x", matter_type=MatterType.FILING, department=department,
            kind=MatterKind.PROMISED, legal_limit_days=10, promised_limit_days=11,
        )  # fmt: skip


def test_the_service_refuses_it_with_a_reason(department):
    with pytest.raises(InvalidInput) as caught:
        services.matter_create(data=matter_input(department, promised_limit_days=30), actor=None)
    assert caught.value.code == "promised_over_legal"
    assert not Matter.objects.exists()


def test_a_created_matter_has_its_materials_steps_and_audit_row(department):
    matter = services.matter_create(data=matter_input(department), actor=None, publish=True)
    assert matter.status == MatterStatus.PUBLISHED and matter.is_current and matter.version == 1
    assert [m.name for m in matter.materials.all()] == ["食品经营许可申请书", "营业执照"]
    assert matter.steps.get(kind="SPECIAL").usual_days == 5
    assert list(AuditEvent.objects.values_list("action", flat=True).order_by("id")) == [
        "matter.create",
        "matter.publish",
    ]


def test_a_duplicate_code_is_a_conflict(department):
    services.matter_create(data=matter_input(department), actor=None)
    with pytest.raises(Conflict):
        services.matter_create(data=matter_input(department), actor=None)


def test_revising_a_published_matter_makes_a_new_version_and_keeps_the_old(department):
    with time_machine.travel(date(2026, 3, 2)):
        v1 = services.matter_create(data=matter_input(department), actor=None, publish=True)
    with time_machine.travel(date(2026, 6, 1)):
        v2 = services.matter_revise(matter=v1, changes={"promised_limit_days": 3}, actor=None)
    v1.refresh_from_db()
    assert (v1.version, v1.status, v1.is_current, v1.promised_limit_days) == (
        1,
        "SUPERSEDED",
        False,
        5,
    )
    assert v1.valid_to == date(2026, 5, 31)
    assert (v2.version, v2.status, v2.is_current, v2.promised_limit_days) == (
        2,
        "PUBLISHED",
        True,
        3,
    )
    assert v2.valid_from == date(2026, 6, 1)
    # The old version keeps its own materials; the new one has copies.
    assert v1.materials.count() == v2.materials.count() == 2
    assert set(v1.materials.values_list("pk", flat=True)).isdisjoint(
        v2.materials.values_list("pk", flat=True)
    )
    assert Matter.objects.published().get(code=v1.code) == v2


def test_a_revision_is_drafted_then_published(department):
    v1 = services.matter_create(data=matter_input(department), actor=None, publish=True)
    draft = services.matter_start_revision(
        matter=v1, actor=None, changes={"name": "食品经营许可（新办）"}
    )
    assert Matter.objects.published().get(code=v1.code) == v1  # the public still sees version 1
    with pytest.raises(Conflict):
        services.matter_start_revision(matter=v1, actor=None)  # one open draft at a time
    services.matter_publish(matter=draft, actor=None)
    assert Matter.objects.published().get(code=v1.code).name == "食品经营许可（新办）"


def test_only_one_version_of_a_code_can_be_current_in_the_database(department):
    v1 = services.matter_create(data=matter_input(department), actor=None, publish=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Matter.objects.filter(pk=v1.pk).update(version=1)
        clone = Matter.objects.get(pk=v1.pk)
        clone.pk, clone.version = None, 2
        clone.save()


def test_a_superseded_version_cannot_be_revised_or_published_again(department):
    v1 = services.matter_create(data=matter_input(department), actor=None, publish=True)
    services.matter_revise(matter=v1, changes={"promised_limit_days": 4}, actor=None)
    with pytest.raises(Conflict):
        services.matter_revise(matter=v1, changes={}, actor=None)
    with pytest.raises(Conflict):
        services.matter_publish(matter=v1, actor=None)


def test_retiring_hides_a_matter_from_the_public_catalog(department):
    v1 = services.matter_create(data=matter_input(department), actor=None, publish=True)
    services.matter_retire(matter=v1, actor=None, reason="依法取消")
    assert not Matter.objects.published().exists()


def test_a_bundle_with_an_unknown_matter_is_refused(department):
    with pytest.raises(InvalidInput, match="未知事项"):
        services.bundle_save(
            code="kaiban-canguan",
            fields={"name": "开办餐馆", "audience": "ENTERPRISE", "lead_department": department,
                    "promised_limit_days": 5},
            matter_codes=["NOPE"],
            themes=[],
            actor=None,
        )  # fmt: skip


def test_compression_rate_and_badges(department):
    matter = services.matter_create(
        data=matter_input(department, max_visits=0, online_level="FULL_ONLINE"), actor=None
    )
    assert matter.compression_rate == pytest.approx(0.75)
    assert matter.badges == ["零跑动", "全程网办"]
