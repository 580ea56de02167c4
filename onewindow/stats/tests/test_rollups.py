"""The rollups follow the cases, ratings and hall through their real services, and always give
the numbers counted from those tables themselves (stats.live)."""

from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from onewindow.cases import services as cases
from onewindow.hall.models import PreReview, Queue, Ticket
from onewindow.ratings import services as ratings
from onewindow.ratings.tests.conftest import delivered_at_window  # noqa: F401  (fixture)
from onewindow.stats import dashboard, filters, hallroll, rollups
from onewindow.stats.models import CaseRollup, HallRollup, RatingRollup, RollupMark
from onewindow.stats.rolled import period_q

pytestmark = pytest.mark.django_db


def same_numbers() -> dict:
    """The default period's dashboard from the rollups, checked against the cases."""
    f, now = filters.parse({}), timezone.now()
    rolled = dashboard.figures(dashboard.assemble(f, now, dashboard.ROLLUPS))
    counted = dashboard.figures(dashboard.assemble(f, now, dashboard.CASES))
    assert rolled == counted
    return rolled


def totals(model, grain="D") -> dict:
    row = model.objects.filter(grain=grain).aggregate(**{c: Sum(c) for c in model.COUNTS})
    return {k: v or 0 for k, v in row.items()}


def rows_of(model) -> list:
    """The rows that count something (a receiver may leave one at zero, a rebuild does not)."""
    rows = model.objects.values_list(*model.KEY, *model.COUNTS)
    return sorted(r for r in rows if any(r[len(model.KEY) :]))


def decide_all(case, people):
    for review in case.reviews.filter(step=1):
        who = "fire_reviewer" if review.department.code == "XF" else "food_reviewer"
        cases.review_decide(review_id=review.pk, actor=people[who], approve=True)
    decision = case.reviews.get(step=2)
    cases.review_decide(review_id=decision.pk, actor=people["food_reviewer"], approve=True)


def test_a_case_is_counted_at_acceptance_and_again_at_its_decision(submit, people):
    case = submit()
    cases.case_pre_review(case_id=case.pk, actor=people["clerk"])
    assert not CaseRollup.objects.exists()  # not accepted yet: nothing to count
    case = cases.case_accept(case_id=case.pk, actor=people["clerk"])
    assert totals(CaseRollup) == totals(CaseRollup, "M")
    assert totals(CaseRollup)["accepted"] == 1 and totals(CaseRollup)["concluded"] == 0
    row = CaseRollup.objects.get(grain="D")
    assert (row.day, row.service_point_id, row.channel) == (
        timezone.localdate(case.accepted_at),
        case.service_point_id,
        "WINDOW",
    )
    decide_all(case, people)
    after = totals(CaseRollup)
    assert (after["accepted"], after["concluded"], after["on_time"], after["late"]) == (1, 1, 1, 0)
    cases.case_deliver(case_id=case.pk, actor=people["clerk"], method="ELECTRONIC")
    cases.case_close(case_id=case.pk, actor=people["clerk"])
    assert totals(CaseRollup) == after  # delivery and filing change no count
    assert same_numbers()["indicators"]["completion_rate"][0] == 1


def test_withdrawn_after_acceptance_stays_accepted_refused_is_never_counted(
    accepted, submit, people
):
    case = accepted()
    cases.case_withdraw(case_id=case.pk, actor=people["citizen"], reason="不再需要")
    refused = submit()
    cases.case_pre_review(case_id=refused.pk, actor=people["clerk"])
    cases.case_refuse(case_id=refused.pk, actor=people["clerk"], reason="不属于本机关职权范围")
    assert (totals(CaseRollup)["accepted"], totals(CaseRollup)["concluded"]) == (1, 0)
    same_numbers()


def test_an_immediate_case_counts_accepted_immediate_and_concluded_in_one_step(
    delivered_at_window,  # noqa: F811
):
    delivered_at_window()
    t = totals(CaseRollup)
    assert (t["accepted"], t["immediate"], t["concluded"], t["workdays"]) == (1, 1, 1, 0)
    assert same_numbers()["indicators"]["immediate_rate"][0] == 1


def test_ratings_follow_submission_rectification_and_exclusion(
    delivered_at_window,  # noqa: F811
    people,
):
    good_case, bad_case = delivered_at_window(), delivered_at_window()
    citizen, boss = people["citizen"], people["supervisor"]
    ratings.rating_submit(case_id=good_case.pk, level="VERY_SATISFIED", source="WEB", actor=citizen)
    bad = ratings.rating_submit(
        case_id=bad_case.pk, level="DISSATISFIED", source="WEB", actor=citizen
    )
    t = totals(RatingRollup)
    assert (t["rated"], t["bad"], t["level_5"], t["level_2"], t["rectified"]) == (2, 1, 1, 1, 0)
    fix = bad.rectification
    ratings.rectification_verify(rectification_id=fix.pk, finding="等候时间过长属实", actor=boss)
    ratings.rectification_rectify(
        rectification_id=fix.pk, outcome="FIXED", measures="增开窗口", actor=boss
    )
    ratings.rectification_revisit(rectification_id=fix.pk, level="SATISFIED", actor=citizen)
    assert totals(RatingRollup)["rectified"] == 1
    assert same_numbers()["ratings"]["rectified"] == 1
    appeal = ratings.appeal_file(rating_id=bad.pk, reason="误评", actor=people["clerk"])
    ratings.appeal_review(appeal_id=appeal.pk, upheld=True, note="核实为误评", actor=boss)
    t = totals(RatingRollup)
    assert (t["rated"], t["bad"], t["rectified"], t["level_2"]) == (1, 0, 0, 0)
    assert totals(RatingRollup, "M") == t
    same_numbers()
    kept = rows_of(RatingRollup)
    rollups.rebuild()
    assert rows_of(RatingRollup) == kept


def test_hall_days_are_rolled_once_and_the_days_after_are_read_live(district):
    hall, today = district["hall"], timezone.localdate()
    yesterday = today - timedelta(days=1)
    queue = Queue.objects.create(service_point=hall, letter="A", name="综合", kind="COMPREHENSIVE")
    for seq, day in enumerate((yesterday, yesterday, today), start=1):
        issued = timezone.now() - timedelta(days=(today - day).days, minutes=30)
        Ticket.objects.create(
            queue=queue, day=day, seq=seq, number=f"A{seq:03d}", issued_at=issued,
            called_at=issued + timedelta(minutes=seq * 5), window=district["window"],
            status="DONE",
        )  # fmt: skip
    start = timezone.now() - timedelta(days=1, minutes=10)
    PreReview.objects.create(
        service_point=hall, matter=district["licence"], passed=True, started_at=start,
        finished_at=start + timedelta(minutes=6),
    )  # fmt: skip
    assert hallroll.roll() >= 1
    assert RollupMark.objects.get(name="hall").through == yesterday
    assert hallroll.roll() == 0  # nothing left to add: a day is never added twice
    day_rows = totals(HallRollup)
    assert (day_rows["called"], day_rows["served"], day_rows["prereviews"]) == (2, 2, 1)
    assert totals(HallRollup, "M") == day_rows
    shown = same_numbers()
    assert shown["windows"][0][2] == {"called": 3, "no_show": 0, "served": 3}  # today live
    assert shown["indicators"]["wait_minutes"][2] == 3


def test_a_period_reads_whole_months_by_month_and_the_ragged_ends_by_day():
    q = str(period_q(date(2026, 1, 15), date(2026, 4, 10)))
    assert "date(2026, 2, 1)" in q and "date(2026, 4, 1)" in q and "'M'" in q
    assert str(period_q(date(2026, 3, 1), date(2026, 3, 31))).count("'D'") == 2  # empty ends
    assert "'M'" not in str(period_q(date(2026, 3, 2), date(2026, 3, 30)))


def test_rebuild_gives_what_the_receivers_kept(
    accepted,
    people,
    delivered_at_window,  # noqa: F811
):
    case = accepted()
    decide_all(case, people)
    accepted()
    delivered_at_window()  # an immediate case, concluded the day it was accepted
    kept = rows_of(CaseRollup)
    rollups.rebuild()  # on PostgreSQL in SQL, elsewhere with the receivers' functions
    assert rows_of(CaseRollup) == kept


def test_the_check_command_finds_a_rollup_that_went_astray(accepted, capsys):
    accepted()
    call_command("stats_rollup", check=True)
    assert "一致" in capsys.readouterr().out
    CaseRollup.objects.update(accepted=5)
    with pytest.raises(CommandError, match="不一致"):
        call_command("stats_rollup", check=True)
    call_command("stats_rollup", rebuild=True, check=True)
    assert "已重建" in capsys.readouterr().out


def test_the_whole_dashboard_from_rollups_costs_a_fixed_number_of_queries(
    accepted, django_assert_num_queries
):
    f, now = filters.parse({}), timezone.now()
    for more in (1, 5):
        for _ in range(more):
            accepted()
        dashboard.assemble(f, now)  # the calendar and the content types, once per process
        # One scan of the case rollup for the counts and the four breakdowns, one for the
        # trend, one for the red cases; ratings, the hall (its mark read once), the catalog
        # and the names.
        with django_assert_num_queries(13):
            dashboard.assemble(f, now)
