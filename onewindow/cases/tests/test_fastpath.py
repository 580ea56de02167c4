"""On PostgreSQL a submission outside a transaction, and an acceptance, take one statement
each (services.fastpath); SQLite, and a submission inside a transaction, take the portable
ORM path. Both must write the same rows. These tests commit, as requests do (inside a
test's transaction a submission takes the portable path)."""

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.cases import services
from onewindow.cases.models import Case, CaseCounter
from onewindow.cases.services import fastpath

from .conftest import GOOD_FORM

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ALWAYS_DIFFERENT = {"id", "number", "submitted_at", "idempotency_key"}


def submit(people, district, applicant, *, key):
    case, created = services.case_submit(
        actor=people["clerk"], applicant=applicant, channel="WINDOW", matter_code="XK-001",
        service_point=district["hall"], window=district["window"], form_data=GOOD_FORM,
        idempotency_key=key,
    )  # fmt: skip
    assert created
    return case


def rows(case: Case) -> tuple[dict, dict]:
    stored = Case.objects.get(pk=case.pk)
    event = AuditEvent.objects.get(object_id=str(case.pk), action="case.submitted")
    assert event.object_repr == stored.number == case.number
    case_row = {k: v for k, v in model_to_dict(stored).items() if k not in ALWAYS_DIFFERENT}
    event_row = model_to_dict(event, exclude=["id", "object_id", "object_repr"])
    return case_row, event_row


def test_both_paths_write_the_same_rows(people, district, applicant):
    with CaptureQueriesContext(connection) as one:
        fast = submit(people, district, applicant, key="outside")
    with transaction.atomic():
        portable = submit(people, district, applicant, key="inside")
    if connection.vendor == "postgresql":  # besides first reads (catalog, content type): one
        writes = [q["sql"] for q in one.captured_queries if not q["sql"].startswith("SELECT")]
        assert len(writes) == 1 and writes[0].startswith("WITH"), writes
    assert rows(fast) == rows(portable)
    assert fast.idempotency_key == "outside" and Case.objects.get(pk=fast.pk).idempotency_key
    first, second = sorted([fast.number, portable.number])
    assert first[-5:] == "00001" and second[-5:] == "00002"  # one sequence for both paths


def test_a_day_past_99999_cases_gets_six_digits_on_both_paths(people, district, applicant):
    day = timezone.localdate()
    CaseCounter.objects.create(prefix="500199", day=day, last=99_998)
    fast = submit(people, district, applicant, key="a")
    with transaction.atomic():
        portable = submit(people, district, applicant, key="b")
    assert fast.number == f"500199-{day:%Y%m%d}-99999"
    assert portable.number == f"500199-{day:%Y%m%d}-100000"


def test_a_repeated_key_outside_a_transaction_answers_with_the_first_case(
    people, district, applicant
):
    first = submit(people, district, applicant, key="again")
    again, created = services.case_submit(
        actor=people["clerk"], applicant=applicant, channel="WINDOW", matter_code="XK-001",
        service_point=district["hall"], form_data=GOOD_FORM, idempotency_key="again",
    )  # fmt: skip
    assert (again.pk, created) == (first.pk, False)
    assert Case.objects.count() == 1 and CaseCounter.objects.get().last == 1  # rolled back


def test_an_acceptance_writes_the_same_rows_on_both_paths(people, district, applicant, monkeypatch):
    def accepted(key):
        case = submit(people, district, applicant, key=key)
        services.case_pre_review(case_id=case.pk, actor=people["clerk"])
        return services.case_accept(case_id=case.pk, actor=people["clerk"])

    fast = accepted("fast")
    monkeypatch.setattr(fastpath, "writes", lambda: False)
    portable = accepted("portable")

    def written(case):
        stored = Case.objects.get(pk=case.pk)
        row = {k: v for k, v in model_to_dict(stored).items() if k not in ALWAYS_DIFFERENT}
        event = AuditEvent.objects.get(object_id=str(case.pk), action="case.accepted")
        reviews = [
            model_to_dict(r, exclude=["id", "case", "opened_at"]) for r in stored.reviews.all()
        ]
        notices = [
            (n.kind, n.number.replace(case.number, "N"), n.department_id, n.items, n.reason)
            for n in stored.notices.all()
        ]
        audit = model_to_dict(event, exclude=["id", "object_id", "object_repr"])
        del row["accepted_at"], row["due_at"], row["warn_at"]  # taken a moment apart
        return row, audit, reviews, notices

    assert written(fast) == written(portable)
    assert [r.pk for r in fast.reviews.all()] == list(
        Case.objects.get(pk=fast.pk).reviews.values_list("pk", flat=True)
    )
