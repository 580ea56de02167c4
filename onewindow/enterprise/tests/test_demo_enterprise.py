"""demo_enterprise over the demo district: cards with milestones in several states, demands
in every state for several departments, and nothing new the second time."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from onewindow.enterprise.choices import DemandStatus, MilestoneStatus
from onewindow.enterprise.models import Demand, Milestone, ProjectCard
from onewindow.enterprise.selectors import MILESTONE_RUNNING, with_signal

pytestmark = pytest.mark.django_db


def test_without_the_district_it_says_what_to_run_first():
    with pytest.raises(CommandError, match="demo_district"):
        call_command("demo_enterprise", verbosity=0)


def test_the_demo_loads_once_with_every_state(capsys):
    call_command("demo_district", verbosity=0)
    call_command("demo_enterprise", verbosity=0)
    cards, demands = ProjectCard.objects.count(), Demand.objects.count()
    assert cards == 3 and demands >= 8
    assert set(Milestone.objects.values_list("status", flat=True)) == set(MilestoneStatus.values)
    signals = set(
        with_signal(Milestone.objects.all(), MILESTONE_RUNNING).values_list("signal", flat=True)
    )
    assert {"RED", "GREEN"} <= signals
    assert set(Demand.objects.values_list("status", flat=True)) == set(DemandStatus.values)
    assert Demand.objects.filter(reopen_count__gt=0, status=DemandStatus.ASSIGNED).exists()
    assert Demand.objects.values("department").distinct().count() >= 5
    call_command("demo_enterprise")
    assert "项目卡 0 张、企业诉求 0 件" in capsys.readouterr().out
    assert (ProjectCard.objects.count(), Demand.objects.count()) == (cards, demands)
