"""Twenty acceptances into the same rollup row at the same instant (PostgreSQL, real
threads): every one is counted, none twice."""

import pytest
from django.db import connection
from django.db.models import Sum

from onewindow.cases import services as cases
from onewindow.lib.testing import at_once
from onewindow.stats.models import CaseRollup

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]
THREADS = 20


def test_concurrent_acceptances_all_add_up(submit, people):
    ready = []
    for _ in range(THREADS):
        case = submit()
        ready.append(cases.case_pre_review(case_id=case.pk, actor=people["clerk"]).pk)
    at_once(THREADS, lambda i: cases.case_accept(case_id=ready[i], actor=people["clerk"]))
    for grain in ("D", "M"):
        rows = CaseRollup.objects.filter(grain=grain)
        assert rows.count() == 1  # one key: every thread added to the same row
        assert rows.aggregate(n=Sum("accepted"))["n"] == THREADS
