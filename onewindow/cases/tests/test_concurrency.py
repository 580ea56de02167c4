"""Submissions at the same instant (PostgreSQL, real threads): each gets its own number
of the day, none is lost, and the twins of one retried request make one case."""

import pytest
from django.db import connection

from onewindow.cases import services
from onewindow.cases.models import Case, CaseCounter
from onewindow.cases.services.intake import ApplicantRef
from onewindow.lib.testing import at_once

from .conftest import GOOD_FORM

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]

THREADS = 20


def _submit(people, district, applicant, key):
    return services.case_submit(
        actor=people["clerk"], applicant=ApplicantRef(applicant.pk), channel="WINDOW",
        matter_code="XK-001", service_point=district["hall"], window=district["window"],
        form_data=GOOD_FORM, idempotency_key=key,
    )  # fmt: skip


def test_cases_submitted_at_once_get_every_number_once(people, district, applicant):
    results, _ = at_once(THREADS, lambda i: _submit(people, district, applicant, f"key-{i}"))
    numbers = sorted(case.number for case, created in results)
    assert all(created for _, created in results)
    assert [int(n[-5:]) for n in numbers] == list(range(1, THREADS + 1))  # none twice, none lost
    assert sorted(Case.objects.values_list("number", flat=True)) == numbers
    assert CaseCounter.objects.get().last == THREADS


def test_the_twins_of_one_retried_request_make_one_case(people, district, applicant):
    results, _ = at_once(THREADS, lambda i: _submit(people, district, applicant, "one-key"))
    assert Case.objects.count() == 1
    assert {case.pk for case, _ in results} == {Case.objects.get().pk}
    assert sum(created for _, created in results) == 1
    # The twins that lost gave their number back with their statement: no gap.
    assert CaseCounter.objects.get().last == 1
