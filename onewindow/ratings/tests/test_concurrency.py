"""Double submits at the same instant (PostgreSQL, real threads): one rating per case and
channel, one ballot per token, one escalation per overdue rectification."""

import pytest
from django.db import connection
from django.utils import timezone

from onewindow.lib.errors import Conflict
from onewindow.lib.testing import at_once
from onewindow.ratings import services
from onewindow.ratings.models import BallotInvitation, Rating, Rectification, SectionBallot

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]
THREADS = 8


def _in_threads(count, work):
    """("ok", result) for each call that went through, ("conflict", code) for each refused."""
    results, refused = at_once(count, work, expected=(Conflict,))
    return [("ok", r) for r in results] + [("conflict", exc.code) for exc in refused]


def test_a_double_submit_never_gives_two_ratings(delivered_at_window, people):
    case = delivered_at_window()
    outcomes = _in_threads(
        THREADS,
        lambda i: (
            services.rating_submit(
                case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
            ).pk
        ),
    )
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert {code for kind, code in outcomes if kind == "conflict"} == {"already_rated"}
    assert Rating.objects.filter(case=case).count() == 1
    assert Rectification.objects.count() == 1


def test_one_token_casts_one_ballot(people, district):
    from datetime import timedelta

    from onewindow.catalog.models import Section

    section = Section.objects.create(department=district["food"], name="许可科")
    now = timezone.now()
    campaign = services.campaign_create(
        year=2026, quarter=4, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9),
        actor=people["supervisor"],
    )  # fmt: skip
    services.campaign_open(campaign_id=campaign.pk, actor=people["supervisor"])
    token = services.invitation_open_mint(open_token=campaign.open_token).token
    outcomes = _in_threads(
        THREADS,
        lambda i: (
            services.ballot_cast(
                token=token,
                section_id=section.pk,
                fault="SHIRK",
                example=f"材料被退回三次，第{i}次",
            ).pk
        ),
    )
    assert [kind for kind, _ in outcomes].count("ok") == 1
    assert SectionBallot.objects.count() == 1
    assert BallotInvitation.objects.get(token=token).used_at is not None


def test_two_workers_escalate_each_overdue_rectification_once(delivered_at_window, people):
    import time_machine

    with time_machine.travel("2026-11-16 10:00 +0800", tick=False):
        case = delivered_at_window()
        services.rating_submit(
            case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
        )
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        outcomes = _in_threads(4, lambda i: services.rectifications_escalate_overdue())
    assert sum(result for _, result in outcomes) == 1
