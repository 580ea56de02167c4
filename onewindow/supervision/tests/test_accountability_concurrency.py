"""Two sweeps at the same instant open one record per case (PostgreSQL, real threads)."""

import threading
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from onewindow.audit.models import AuditEvent
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
    barrier = threading.Barrier(2)
    opened, errors = [], []

    def sweep():
        try:
            barrier.wait()
            opened.append(len(services.accountability_sweep(now=sweep_at)))
        except Exception as exc:  # collected so the test fails with the reason
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert sum(opened) == 6  # each case counted by exactly one of the two sweeps
    assert Accountability.objects.count() == 6
    assert AuditEvent.objects.filter(action="accountability.open").count() == 6
    assert Deduction.objects.filter(item__code="OVERDUE").count() == 6
