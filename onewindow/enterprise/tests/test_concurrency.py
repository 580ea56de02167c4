"""Demands filed at the same instant, and a department and the enterprise acting on one
demand at once (PostgreSQL, real threads)."""

import pytest
from django.db import connection

from onewindow.enterprise.models import Demand
from onewindow.enterprise.services import demands as ds
from onewindow.lib.errors import DomainError
from onewindow.lib.testing import at_once

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_demands_filed_at_once_get_distinct_numbers(staff, services, enterprise):
    def file(i):
        ds.demand_file(data=ds.DemandInput(service=services["land"], description=f"诉求{i}",
                                           enterprise=enterprise), actor=staff["owner"])  # fmt: skip

    at_once(6, file)
    numbers = list(Demand.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 6


def test_two_ratings_at_once_count_once(staff, services, enterprise, district):
    d = ds.demand_file(data=ds.DemandInput(service=services["land"], description="用地",
                                           enterprise=enterprise), actor=staff["owner"])  # fmt: skip
    ds.demand_assign(number=d.number, department=district["fire"], actor=staff["hotline"])
    ds.demand_resolve(number=d.number, resolution="已答复", actor=staff["fire_reviewer"])

    def rate(i):
        ds.demand_rate(number=d.number, satisfaction="UNSATISFIED", comment="不满意",
                       actor=staff["owner"])  # fmt: skip

    _, refused = at_once(2, rate, expected=(DomainError,))
    d.refresh_from_db()
    assert len(refused) == 1 and d.reopen_count == 1 and d.ratings.count() == 1
