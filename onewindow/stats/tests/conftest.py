"""The case tests' small district, and a maker of cases with hand-set times (counted in the
rollups as a move from submission to their status would be)."""

from datetime import datetime

import pytest
from django.utils import timezone

from onewindow.cases.choices import CaseStatus
from onewindow.cases.models import Case
from onewindow.cases.tests.conftest import (  # noqa: F401  (fixtures)
    accepted,
    applicant,
    district,
    people,
    submit,
)
from onewindow.stats import rollups


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def make_case(district, applicant):  # noqa: F811
    counter = iter(range(1, 10_000))

    def _make(matter=None, *, accepted_at, due_at, concluded_at=None, status="IN_REVIEW",
              channel="WINDOW", point="hall", **kw):  # fmt: skip
        matter = matter or district["licence"]
        case = Case.objects.create(
            number=f"T{next(counter):06d}", matter=matter, applicant=applicant, channel=channel,
            region=district["region"], service_point=district[point] if point else None,
            lead_department=matter.department, status=status,
            promised_limit_days=matter.promised_limit_days, submitted_at=accepted_at,
            accepted_at=accepted_at, due_at=due_at, warn_at=due_at, concluded_at=concluded_at,
            **kw,
        )  # fmt: skip
        # As if it had moved here from submission: the rollups' receiver counts it.
        rollups.on_case_moved(sender=Case, case=case, before=CaseStatus.SUBMITTED, after=status)
        return case

    return _make
