"""Two sweeps at the same instant open one record per case (PostgreSQL, real threads)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.lib.testing import at_once
from onewindow.supervision import services
from onewindow.supervision.models import Accountability, Deduction

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_two_sweeps_at_once_open_one_record_per_case(accepted):
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 2, 10)), tick=False):
        made = [accepted() for _ in range(6)]
    sweep_at = made[0].due_at + timedelta(hours=1)
    opened, _ = at_once(2, lambda i: len(services.accountability_sweep(now=sweep_at)))
    assert sum(opened) == 6  # each case counted by exactly one of the two sweeps
    assert Accountability.objects.count() == 6
    assert AuditEvent.objects.filter(action="accountability.open").count() == 6
    assert Deduction.objects.filter(item__code="OVERDUE").count() == 6
