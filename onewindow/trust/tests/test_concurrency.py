"""Two workers sweeping at once (Huey consumers on several hosts) send each reminder once
and order each rectification and breach once. PostgreSQL only: SQLite serialises writers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from onewindow.lib.testing import at_once
from onewindow.notify.models import OutboxMessage
from onewindow.trust.models import CreditRecord, Reminder
from onewindow.trust.services import commitment_sign, sweep

from .conftest import HYGIENE_LATER

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def both(fn):
    return at_once(2, lambda i: fn())[0]


def test_two_sweeps_at_once_act_once(trust_case, people):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    case = trust_case()
    c = commitment_sign(case_id=case.pk, actor=people["citizen"], signer_name="张三",
                        deferred=HYGIENE_LATER, confirmed=True)  # fmt: skip
    remind = datetime.combine(c.due_date - timedelta(days=7), datetime.min.time(), tzinfo=TZ)
    results = both(lambda: sweep(now=remind + timedelta(hours=9)))
    assert sorted(r["reminded"] for r in results) == [0, 1]
    assert Reminder.objects.count() == 1
    assert OutboxMessage.objects.filter(subject="告知承诺到期提醒").count() == 1
    overdue = datetime.combine(c.due_date + timedelta(days=1), datetime.min.time(), tzinfo=TZ)
    results = both(lambda: sweep(now=overdue + timedelta(hours=9)))
    assert sorted(r["rectifying"] for r in results) == [0, 1]
    c.refresh_from_db()
    late = datetime.combine(
        c.rectification_due_date + timedelta(days=1), datetime.min.time(), tzinfo=TZ
    )
    results = both(lambda: sweep(now=late + timedelta(hours=9)))
    assert sorted(r["breached"] for r in results) == [0, 1]
    assert CreditRecord.objects.count() == 1
