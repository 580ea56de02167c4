"""demo_reach over the demo district: runners at every level, requests in every state, the
outlets' matters and a partner; nothing new the second time."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from onewindow.catalog.choices import RegionLevel

from ..choices import AgencyStatus
from ..models import AgencyRequest, CrossTownMatter, OutletMatter, Partner, Runner

pytestmark = pytest.mark.django_db


def test_without_the_district_it_says_what_to_run_first():
    with pytest.raises(CommandError, match="demo_district"):
        call_command("demo_reach", verbosity=0)


def test_the_demo_loads_once_with_every_state(capsys):
    call_command("demo_district", verbosity=0)
    call_command("demo_reach", verbosity=0)
    levels = set(Runner.objects.values_list("region__level", flat=True))
    assert levels == {RegionLevel.DISTRICT, RegionLevel.TOWN, RegionLevel.VILLAGE}
    assert set(AgencyRequest.objects.values_list("status", flat=True)) == set(AgencyStatus.values)
    assert Runner.objects.filter(user__username="runner").exists()
    assert OutletMatter.objects.values("service_point").distinct().count() == 3
    assert CrossTownMatter.objects.exists() and Partner.objects.exists()
    requests, entrusted = AgencyRequest.objects.count(), OutletMatter.objects.count()
    call_command("demo_reach")
    assert "帮代办请求 0 件" in capsys.readouterr().out
    assert (AgencyRequest.objects.count(), OutletMatter.objects.count()) == (requests, entrusted)
