"""Each indicator's formula, checked on cases, matters, ratings and hall rows made by hand."""

from datetime import date, timedelta

import pytest
import time_machine

from onewindow.catalog.models import Matter
from onewindow.hall.models import PreReview, Queue, Ticket
from onewindow.ratings.models import Rating, Rectification
from onewindow.stats import indicators, live, rollups
from onewindow.stats.filters import Filters

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 11, 20, 12)
NOVEMBER = Filters(start=date(2026, 11, 1), end=date(2026, 11, 30))


def values(f=NOVEMBER) -> dict:
    """The indicators from the rollups, after checking that counting the cases themselves
    gives the same figures."""
    rollups.rebuild()
    rolled = {i.key: i for i in indicators.compute(f, now=NOW)}
    counted = {i.key: i for i in indicators.compute(f, now=NOW, source=live)}
    assert {k: (i.value, i.numerator, i.denominator) for k, i in rolled.items()} == {
        k: (i.value, i.numerator, i.denominator) for k, i in counted.items()
    }
    return rolled


@pytest.fixture
def november(make_case, district):
    lic, imm = district["licence"], district["immediate"]
    mon, fri = at(2026, 11, 2, 10), at(2026, 11, 6, 15)
    due = at(2026, 11, 17)
    make_case(lic, accepted_at=mon, due_at=due, concluded_at=fri, status="DELIVERED")  # 4 days
    make_case(
        lic, accepted_at=mon, due_at=at(2026, 11, 3), concluded_at=fri, status="APPROVED"
    )  # late
    make_case(lic, accepted_at=mon, due_at=at(2026, 11, 10), status="IN_REVIEW")  # red now
    later = at(2026, 11, 24)
    make_case(lic, accepted_at=mon, due_at=later, status="IN_REVIEW", channel="ONLINE", point=None)
    make_case(imm, accepted_at=mon, due_at=mon, concluded_at=mon, status="DELIVERED")  # 0 days
    make_case(lic, accepted_at=at(2026, 10, 30, 10), due_at=due, status="IN_REVIEW")  # October
    return district


def test_case_counts_and_rates(november):
    v = values()
    assert v["cases"].value == 5
    assert v["immediate_rate"].value == pytest.approx(1 / 5)
    assert v["completion_rate"].value == pytest.approx(3 / 5)
    assert v["on_time_rate"].value == pytest.approx(2 / 3)
    assert v["overdue"].value == 2  # one concluded late, one running past its limit
    assert (v["overdue"].numerator, v["overdue"].denominator) == (1, 1)


def test_average_handling_time_counts_working_days_after_acceptance(november):
    # (4 + 4 + 0) working days over the 3 concluded cases
    assert values()["avg_workdays"].value == pytest.approx(8 / 3)


def test_filters_narrow_by_channel_department_and_matter(november):
    assert values(NOVEMBER.narrowed(channel="ONLINE"))["cases"].value == 1
    assert values(NOVEMBER.narrowed(department_id=november["police"].pk))["cases"].value == 1
    assert values(NOVEMBER.narrowed(matter_code="QR-002"))["immediate_rate"].value == 1
    assert values(NOVEMBER.narrowed(service_point_id=november["hall"].pk))["cases"].value == 4


def test_catalog_rates_and_time_limit_compression(district):
    Matter.objects.filter(code="XK-001").update(online_level="FULL_ONLINE", max_visits=0)
    Matter.objects.filter(code="QR-002").update(online_level="WINDOW_ONLY", max_visits=1)
    Matter.objects.filter(code="QR-003").update(online_level="ONLINE_PREREVIEW", max_visits=2)
    v = values()
    assert v["online_available_rate"].value == pytest.approx(2 / 3)
    assert v["full_online_rate"].value == pytest.approx(1 / 3)
    assert v["zero_visit_rate"].value == pytest.approx(1 / 3)
    assert v["one_visit_rate"].value == pytest.approx(2 / 3)
    # matters with a legal limit: 20/10 and 5/3 -> 1 - 13/25
    assert v["compression_rate"].value == pytest.approx(1 - 13 / 25)


def test_satisfaction_and_rectification_leave_out_excluded_ratings(make_case, district):
    levels = [
        "VERY_SATISFIED",
        "SATISFIED",
        "BASIC",
        "DISSATISFIED",
        "VERY_DISSATISFIED",
        "DISSATISFIED",
    ]
    for i, level in enumerate(levels):
        case = make_case(accepted_at=at(2026, 11, 2, 10), due_at=at(2026, 11, 17))
        rating = Rating.objects.create(
            case=case, channel="ON_SITE", level=level, source="DEVICE",
            is_bad=level in ("DISSATISFIED", "VERY_DISSATISFIED"), department=district["food"],
            created_at=at(2026, 11, 9, 10), excluded=i == 5, excluded_reason="误评" if i == 5 else "",
        )  # fmt: skip
        if rating.is_bad:
            Rectification.objects.create(
                rating=rating, created_at=rating.created_at, verify_due_date=date(2026, 11, 10),
                rectify_due_date=date(2026, 11, 16), status="CLOSED" if i == 3 else "RECTIFYING",
                revisit_level="SATISFIED" if i == 3 else "",
            )  # fmt: skip
    v = values()
    assert v["satisfaction"].value == pytest.approx(3 / 5)
    assert v["satisfaction_score"].value == pytest.approx((5 + 4 + 3 + 2 + 1) / 5 * 20)
    assert v["rectification_rate"].value == pytest.approx(1 / 2)


def test_pre_review_and_queue_waits_are_averages_in_minutes(district):
    hall, matter = district["hall"], district["licence"]
    for minutes in (4, 8):
        start = at(2026, 11, 9, 9)
        PreReview.objects.create(
            service_point=hall, matter=matter, passed=True, started_at=start,
            finished_at=start + timedelta(minutes=minutes),
        )  # fmt: skip
    queue = Queue.objects.create(service_point=hall, letter="A", name="综合", kind="COMPREHENSIVE")
    for seq, wait in ((1, 10), (2, 20), (3, None)):
        issued = at(2026, 11, 9, 9)
        Ticket.objects.create(
            queue=queue, day=date(2026, 11, 9), seq=seq, number=f"A{seq:03d}", issued_at=issued,
            called_at=issued + timedelta(minutes=wait) if wait else None,
            status="DONE" if wait else "WAITING",
        )  # fmt: skip
    v = values()
    assert v["prereview_minutes"].value == pytest.approx(6)
    assert v["wait_minutes"].value == pytest.approx(15)
    assert v["wait_minutes"].denominator == 2


# On NOW's day the hall's rollup runs through yesterday, inside the period: both halves count.
@time_machine.travel(NOW, tick=False)
def test_the_whole_set_costs_a_fixed_number_of_queries(
    november, make_case, django_assert_num_queries
):
    values()  # the working-day calendar is loaded once per process
    for more in (0, 20):
        for _ in range(more):
            make_case(accepted_at=at(2026, 11, 3, 10), due_at=at(2026, 11, 17))
        rollups.rebuild()
        with django_assert_num_queries(7):  # counted from the cases
            indicators.compute(NOVEMBER, now=NOW, source=live)
        # From the rollups: two more, for the running cases that are red now and the hall's
        # mark; the days after the mark are read from the hall's tables.
        with django_assert_num_queries(9):
            indicators.compute(NOVEMBER, now=NOW)


def test_an_empty_period_shows_dashes_not_errors(district):
    v = values(Filters(start=date(2020, 1, 1), end=date(2020, 1, 31)))
    assert v["on_time_rate"].value is None and v["on_time_rate"].display == "—"
