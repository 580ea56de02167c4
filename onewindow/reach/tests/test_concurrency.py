"""Requests assigned at the same instant never overfill a runner (PostgreSQL, real threads)."""

import pytest
from django.db import connection

from onewindow.lib.testing import at_once

from ..choices import AgencyMode, AgencySource, AgencyStatus
from ..models import AgencyRequest, Runner
from ..services import agency as services

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_requests_at_once_take_a_runners_places_exactly_once(applicant, places, runners):
    Runner.objects.exclude(pk=runners["village"].pk).update(is_active=False)
    Runner.objects.filter(pk=runners["village"].pk).update(capacity=2)
    count = 6

    def request(i):
        services.agency_request_create(
            applicant=applicant, matter_code="QR-003", mode=AgencyMode.ON_SITE,
            source=AgencySource.WEB, region=places["village"], phone="138", note=str(i),
            actor=None,
        )  # fmt: skip

    at_once(count, request)
    statuses = list(AgencyRequest.objects.values_list("status", flat=True))
    assert statuses.count(AgencyStatus.ASSIGNED) == 2
    assert statuses.count(AgencyStatus.WAITING) == 4
    assert Runner.objects.get(pk=runners["village"].pk).open_load == 2
