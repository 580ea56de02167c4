"""The case tests' small district, and a maker of cases with hand-set times."""

from datetime import datetime

import pytest
from django.utils import timezone

from onewindow.cases.models import Case
from onewindow.cases.tests.conftest import (  # noqa: F401  (fixtures)
    accepted,
    applicant,
    district,
    people,
    submit,
)


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def make_case(district, applicant):  # noqa: F811
    counter = iter(range(1, 10_000))

    def _make(matter=None, *, accepted_at, due_at, concluded_at=None, status="IN_REVIEW",
              channel="WINDOW", point="hall", **kw):  # fmt: skip
        matter = matter or district["licence"]
        return Case.objects.create(
            number=f"T{next(counter):06d}", matter=matter, applicant=applicant, channel=channel,
            region=district["region"], service_point=district[point] if point else None,
            lead_department=matter.department, status=status,
            promised_limit_days=matter.promised_limit_days, submitted_at=accepted_at,
            accepted_at=accepted_at, due_at=due_at, warn_at=due_at, concluded_at=concluded_at,
            **kw,
        )  # fmt: skip

    return _make
