"""Twenty acceptances into the same rollup row at the same instant (PostgreSQL, real
threads): every one is counted, none twice."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from onewindow.cases import services as cases
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
    barrier = threading.Barrier(THREADS)
    errors = []

    def accept(case_id):
        try:
            barrier.wait()
            cases.case_accept(case_id=case_id, actor=people["clerk"])
        except Exception as exc:  # collected so the test fails with the reason
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(pk,)) for pk in ready]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for grain in ("D", "M"):
        rows = CaseRollup.objects.filter(grain=grain)
        assert rows.count() == 1  # one key: every thread added to the same row
        assert rows.aggregate(n=Sum("accepted"))["n"] == THREADS
