"""Issuing and revoking at the same instant (PostgreSQL, real threads): one license per case
however many callers race, distinct numbers across cases, one revocation wins."""

import pytest
from django.db import connection

from onewindow.audit.models import AuditEvent
from onewindow.lib.errors import Conflict
from onewindow.lib.testing import at_once
from onewindow.licenses import services
from onewindow.licenses.models import License

from .conftest import WINDOW_FORM

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_racing_issuers_make_one_license_per_case(district_with_delivery, accepted, people):
    case = accepted(form_data=WINDOW_FORM)
    results, errors = at_once(
        6, lambda i: services.license_issue(case=case, actor=people["clerk"]).pk
    )
    assert not errors, errors
    assert len(set(results)) == 1
    assert License.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="license.issue").count() == 1


def test_numbers_taken_at_once_are_distinct(district_with_delivery, accepted, people):
    cases = [accepted(form_data=WINDOW_FORM) for _ in range(6)]
    results, errors = at_once(
        6, lambda i: services.license_issue(case=cases[i], actor=people["clerk"]).number
    )
    assert not errors, errors
    assert len(set(results)) == 6


def test_one_of_two_racing_revocations_wins(approved, people):
    lic = License.objects.get(case=approved())
    results, errors = at_once(
        2,
        lambda i: services.license_revoke(
            license_id=lic.pk, actor=people["food_reviewer"], reason=f"撤销{i}"
        ),
        expected=(Exception,),  # the loser's, looked at below
    )
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert AuditEvent.objects.filter(action="license.revoke").count() == 1
