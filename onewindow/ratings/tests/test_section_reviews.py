"""最难办事科室群众评: invitations, anonymous ballots, ranking, consequences, undercover checks."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.cases.models import Review
from onewindow.catalog.models import Section
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound
from onewindow.ratings import services
from onewindow.ratings.choices import ActionStatus, BallotChannel, CampaignStatus
from onewindow.ratings.choices import ConsequenceKind as K
from onewindow.ratings.models import (
    BallotInvitation,
    ConsequenceAction,
    SectionBallot,
    SectionLeadership,
    SectionRank,
)

pytestmark = pytest.mark.django_db
EXAMPLE = "窗口让我来回跑了三趟才说清楚要什么材料"


@pytest.fixture
def sections(district):
    rows = [
        Section.objects.create(department=district["food"], name=f"第{i}科") for i in range(1, 13)
    ]
    for s in rows:
        SectionLeadership.objects.create(
            section=s, head_name=f"{s.name}科长", leader_name="王副局长"
        )
    return rows


def _campaign(people, year=2026, quarter=4, open_now=True):
    now = timezone.now()
    campaign = services.campaign_create(
        year=year, quarter=quarter, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9),
        actor=people["supervisor"],
    )  # fmt: skip
    if open_now:
        services.campaign_open(campaign_id=campaign.pk, actor=people["supervisor"])
    return campaign


def _kinds(campaign, section) -> set[str]:
    rows = ConsequenceAction.objects.filter(campaign=campaign, section=section)
    return set(rows.values_list("kind", flat=True))


def _vote(campaign, section, fault="SHIRK", n=1):
    for _ in range(n):
        token = services.invitation_open_mint(open_token=campaign.open_token).token
        services.ballot_cast(token=token, section_id=section.pk, fault=fault, example=EXAMPLE)


def test_only_supervisors_run_campaigns(people):
    now = timezone.now()
    with pytest.raises(Forbidden):
        services.campaign_create(
            year=2026,
            quarter=1,
            opens_at=now,
            closes_at=now + timedelta(days=1),
            actor=people["clerk"],
        )
    with pytest.raises(InvalidInput):
        services.campaign_create(year=2026, quarter=5, opens_at=now, closes_at=now + timedelta(days=1),
                                 actor=people["supervisor"])  # fmt: skip
    _campaign(people, quarter=1, open_now=False)
    with pytest.raises(Conflict):
        _campaign(people, quarter=1, open_now=False)


def test_a_ballot_names_a_fault_with_a_concrete_example(people, sections):
    campaign = _campaign(people)
    token = services.invitation_open_mint(open_token=campaign.open_token).token
    with pytest.raises(InvalidInput) as err:
        services.ballot_cast(token=token, section_id=sections[0].pk, fault="SHIRK", example="很差")
    assert err.value.code == "example_required"
    with pytest.raises(InvalidInput):
        services.ballot_cast(token=token, section_id=sections[0].pk, fault="RUDE", example=EXAMPLE)
    ballot = services.ballot_cast(
        token=token, section_id=sections[0].pk, fault="COLD", example=EXAMPLE
    )
    assert ballot.channel == BallotChannel.OPEN and ballot.created_at.second == 0


def test_one_ballot_per_token(people, sections):
    campaign = _campaign(people)
    token = services.invitation_open_mint(open_token=campaign.open_token).token
    services.ballot_cast(token=token, section_id=sections[0].pk, fault="COLD", example=EXAMPLE)
    with pytest.raises(Conflict) as err:
        services.ballot_cast(token=token, section_id=sections[1].pk, fault="COLD", example=EXAMPLE)
    assert err.value.code == "ballot_token_used"
    with pytest.raises(NotFound):
        services.ballot_cast(token="nope", section_id=sections[1].pk, fault="COLD", example=EXAMPLE)
    assert SectionBallot.objects.count() == 1


def test_ballots_are_anonymous(people, sections):
    campaign = _campaign(people)
    token = services.invitation_open_mint(open_token=campaign.open_token).token
    services.ballot_cast(token=token, section_id=sections[0].pk, fault="COLD", example=EXAMPLE)
    field_names = {f.name for f in SectionBallot._meta.get_fields()}
    assert not field_names & {"invitation", "applicant", "token", "ip_address"}
    event = AuditEvent.objects.get(action="ballot.cast")
    assert event.ip_address is None and event.actor is None


def test_voting_only_while_the_campaign_is_open(people, sections):
    campaign = _campaign(people, open_now=False)
    with pytest.raises(Conflict):
        services.invitation_open_mint(open_token=campaign.open_token)
    services.campaign_open(campaign_id=campaign.pk, actor=people["supervisor"])
    token = services.invitation_open_mint(open_token=campaign.open_token).token
    with (
        time_machine.travel(campaign.closes_at + timedelta(minutes=1)),
        pytest.raises(Conflict) as err,
    ):
        services.ballot_cast(token=token, section_id=sections[0].pk, fault="LAZY", example=EXAMPLE)
    assert err.value.code == "campaign_not_open"


def test_directed_invitations_go_to_applicants_a_section_handled(people, sections, accepted):
    profile = people["fire_reviewer"].staff_profile
    fire_section = Section.objects.create(department=profile.department, name="防火科")
    profile.section = fire_section
    profile.save()
    case = accepted()
    review = Review.objects.get(case=case, department__code="XF")
    review.reviewer = people["fire_reviewer"]
    review.save()
    today = timezone.localdate()
    campaign = _campaign(people, year=today.year, quarter=(today.month - 1) // 3 + 1)
    assert (
        services.invitations_issue_directed(campaign_id=campaign.pk, actor=people["supervisor"])
        == 1
    )
    invitation = BallotInvitation.objects.get()
    assert invitation.applicant_id == case.applicant_id and invitation.section == fire_section
    assert invitation.channel == BallotChannel.DIRECTED
    # issued again: nobody is invited twice, also not by the random sample
    assert (
        services.invitations_issue_directed(campaign_id=campaign.pk, actor=people["supervisor"])
        == 0
    )
    assert (
        services.invitations_issue_sample(
            campaign_id=campaign.pk, size=10, actor=people["supervisor"]
        )
        == 0
    )


def test_a_random_sample_invites_the_quarters_applicants(people, sections, accepted):
    accepted()
    today = timezone.localdate()
    campaign = _campaign(people, year=today.year, quarter=(today.month - 1) // 3 + 1)
    assert (
        services.invitations_issue_sample(
            campaign_id=campaign.pk, size=5, actor=people["supervisor"]
        )
        == 1
    )
    assert BallotInvitation.objects.get().channel == BallotChannel.SAMPLE


def test_the_ranking_puts_the_most_voted_section_first_and_records_consequences(people, sections):
    campaign = _campaign(people)
    for i, section in enumerate(sections):  # section i gets 12 - i votes
        _vote(campaign, section, n=12 - i)
    services.campaign_close(campaign_id=campaign.pk, actor=people["supervisor"])
    ranks = list(SectionRank.objects.filter(campaign=campaign).order_by("rank"))
    assert [r.section for r in ranks] == sections and ranks[0].votes == 12
    assert ranks[0].fault_counts == {"SHIRK": 12} and "推 12 票" in ranks[0].problems
    assert _kinds(campaign, sections[0]) == {K.PUBLISH, K.WARN, K.NO_PROMOTION, K.FORMAL_TALK}
    assert _kinds(campaign, sections[3]) == {K.PUBLISH, K.WARN, K.NO_PROMOTION}
    assert _kinds(campaign, sections[9]) == {
        K.PUBLISH,
        K.WARN,
        K.NO_PROMOTION,
    }  # 10th worst: published
    assert _kinds(campaign, sections[10]) == set()  # 11th: nothing
    no_promotion = ConsequenceAction.objects.get(section=sections[0], kind=K.NO_PROMOTION)
    assert no_promotion.target_name == "第1科科长"
    today = timezone.localdate()
    assert (no_promotion.until_date - today).days in range(89, 93)  # three months


def test_ties_are_broken_by_the_gravest_fault(people, sections):
    campaign = _campaign(people)
    _vote(campaign, sections[0], fault="COLD", n=2)
    _vote(campaign, sections[1], fault="GREED", n=2)
    services.campaign_close(campaign_id=campaign.pk, actor=people["supervisor"])
    assert SectionRank.objects.get(campaign=campaign, rank=1).section == sections[1]


def _quarter(people, sections, year, quarter, worst):
    campaign = _campaign(people, year=year, quarter=quarter)
    _vote(campaign, worst, n=5)
    for s in sections[5:8]:
        _vote(campaign, s, n=1)
    services.campaign_close(campaign_id=campaign.pk, actor=people["supervisor"])
    return campaign


def test_three_worst_twice_in_a_row_removes_the_head_three_times_the_leader(people, sections):
    worst = sections[0]
    first = _quarter(people, sections, 2026, 2, worst)
    second = _quarter(people, sections, 2026, 3, worst)
    third = _quarter(people, sections, 2026, 4, worst)
    streaks = [
        SectionRank.objects.get(campaign=c, section=worst).worst_streak
        for c in (first, second, third)
    ]
    assert streaks == [1, 2, 3]
    assert K.HEAD_REMOVED not in _kinds(first, worst)
    assert K.HEAD_REMOVED in _kinds(second, worst) and K.LEADER_REMOVED not in _kinds(second, worst)
    assert {K.HEAD_REMOVED, K.LEADER_REMOVED} <= _kinds(third, worst)
    assert (
        ConsequenceAction.objects.get(
            campaign=third, section=worst, kind=K.LEADER_REMOVED
        ).target_name
        == "王副局长"
    )


def test_a_gap_quarter_breaks_the_streak(people, sections):
    worst = sections[0]
    _quarter(people, sections, 2026, 1, worst)
    third = _quarter(people, sections, 2026, 3, worst)  # no campaign in Q2
    assert SectionRank.objects.get(campaign=third, section=worst).worst_streak == 1


def test_the_rules_are_configuration(people, sections, settings):
    settings.RATINGS_SECTION_RULES = {"published_worst": 2, "talk_worst": 1}
    campaign = _campaign(people)
    for i, section in enumerate(sections[:4]):
        _vote(campaign, section, n=4 - i)
    services.campaign_close(campaign_id=campaign.pk, actor=people["supervisor"])
    published = set(
        ConsequenceAction.objects.filter(kind=K.PUBLISH).values_list("section_id", flat=True)
    )
    assert published == {sections[0].pk, sections[1].pk}
    assert list(
        ConsequenceAction.objects.filter(kind=K.FORMAL_TALK).values_list("section_id", flat=True)
    ) == [sections[0].pk]


def test_publishing_marks_the_publication_done_and_actions_are_completed_with_a_note(
    people, sections
):
    campaign = _campaign(people)
    _vote(campaign, sections[0], n=3)
    services.campaign_close(campaign_id=campaign.pk, actor=people["supervisor"])
    campaign = services.campaign_publish(campaign_id=campaign.pk, actor=people["supervisor"])
    assert campaign.status == CampaignStatus.PUBLISHED
    assert ConsequenceAction.objects.get(kind=K.PUBLISH).status == ActionStatus.DONE
    talk = ConsequenceAction.objects.get(kind=K.FORMAL_TALK)
    with pytest.raises(InvalidInput):
        services.action_complete(action_id=talk.pk, note="", actor=people["supervisor"])
    services.action_complete(
        action_id=talk.pk, note="11月20日由分管领导约谈", actor=people["supervisor"]
    )
    talk.refresh_from_db()
    assert talk.status == ActionStatus.DONE and talk.done_by == people["supervisor"]
    with pytest.raises(Conflict):
        services.action_complete(action_id=talk.pk, note="again", actor=people["supervisor"])


def test_undercover_checks_are_logged_with_findings(people, sections):
    check = services.undercover_check_log(
        section_id=sections[0].pk, check_date=timezone.localdate(), inspector="督查组李某",
        findings="上午10点窗口无人，群众等候20分钟", problem_found=True, actor=people["supervisor"],
    )  # fmt: skip
    assert check.problem_found and check.logged_by == people["supervisor"]
    with pytest.raises(InvalidInput):
        services.undercover_check_log(
            section_id=sections[0].pk, check_date=date.today() + timedelta(days=3), inspector="x",
            findings="y", problem_found=False, actor=people["supervisor"],
        )  # fmt: skip
    with pytest.raises(Forbidden):
        services.undercover_check_log(
            section_id=sections[0].pk, check_date=timezone.localdate(), inspector="x",
            findings="y", problem_found=False, actor=people["clerk"],
        )  # fmt: skip


def test_quarter_helpers():
    assert services.reviews.quarter_range(2026, 4) == (date(2026, 10, 1), date(2026, 12, 31))
    assert services.reviews.previous_quarter(2026, 1) == (2025, 4)


def test_the_sample_invites_an_applicant_with_many_cases_once(people, sections, accepted):
    for _ in range(3):
        accepted()
    today = timezone.localdate()
    campaign = _campaign(people, year=today.year, quarter=(today.month - 1) // 3 + 1)
    assert (
        services.invitations_issue_sample(
            campaign_id=campaign.pk, size=5, actor=people["supervisor"]
        )
        == 1
    )
