"""The periodic tasks call the services: the sweep every five minutes, the month's scores on
the first."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from onewindow.supervision import tasks
from onewindow.supervision.models import Accountability, Assessment

pytestmark = pytest.mark.django_db


def test_the_periodic_sweep_opens_the_records_of_cases_turned_red(accepted):
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 2, 10)), tick=False):
        case = accepted()
    with time_machine.travel(case.due_at + timedelta(minutes=3), tick=False):
        assert tasks.sweep_overdue.call_local() == 1
        assert tasks.sweep_overdue.call_local() == 0
    assert Accountability.objects.filter(case=case).count() == 1


def test_on_the_first_the_month_before_is_scored(people):
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 1, 2)), tick=False):
        assert tasks.assess_last_month.call_local() >= 1
    assert set(Assessment.objects.values_list("month", flat=True)) == {datetime(2026, 11, 1).date()}
