"""The section-review and appeal lists cost a fixed number of queries, whatever their length."""

from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.catalog.models import Section
from onewindow.ratings import services
from onewindow.ratings.models import SectionLeadership

pytestmark = pytest.mark.django_db
EXAMPLE = "同一件事被推到三个科室，谁都说不归自己管"


def _closed_campaign(people, district, sections_count):
    sections = [
        Section.objects.create(department=district["food"], name=f"第{i}科")
        for i in range(sections_count)
    ]
    for s in sections:
        SectionLeadership.objects.create(section=s, head_name="科长", leader_name="副局长")
    now = timezone.now()
    campaign = services.campaign_create(year=2026, quarter=4, opens_at=now - timedelta(days=1),
                                        closes_at=now + timedelta(days=5), actor=people["supervisor"])  # fmt: skip
    services.campaign_open(campaign_id=campaign.pk, actor=people["supervisor"])
    for i, s in enumerate(sections):
        for _ in range(sections_count - i):
            token = services.invitation_open_mint(open_token=campaign.open_token).token
            services.ballot_cast(token=token, section_id=s.pk, fault="SHIRK", example=EXAMPLE)
    services.campaign_close(campaign_id=campaign.pk, actor=people["supervisor"])
    services.campaign_publish(campaign_id=campaign.pk, actor=people["supervisor"])
    services.undercover_check_log(section_id=sections[0].pk, campaign_id=campaign.pk, check_date=timezone.localdate(),
                                  inspector="督查组", findings="仍有推诿", problem_found=True,
                                  actor=people["supervisor"])  # fmt: skip
    return campaign


@pytest.mark.parametrize("sections_count", [3, 12])
def test_the_campaign_page_and_ranking_cost_fixed_queries(
    client, people, district, sections_count, django_assert_num_queries
):
    campaign = _closed_campaign(people, district, sections_count)
    client.force_login(people["supervisor"])
    client.get(f"/ratings/reviews/{campaign.pk}/")
    # session, user, roles, campaign, invited, voted, ballots, ranks, actions, checks, sections
    with django_assert_num_queries(11):
        assert client.get(f"/ratings/reviews/{campaign.pk}/").status_code == 200
    client.logout()
    # session-less: campaigns, ranks, open campaigns
    with django_assert_num_queries(3):
        assert client.get("/ratings/ranking/").status_code == 200
    with django_assert_num_queries(2):  # campaign, ranks
        assert client.get(f"/api/v1/ratings/published/{campaign.pk}").status_code == 200


@pytest.mark.parametrize("appeals", [1, 4])
def test_the_appeals_page_costs_fixed_queries(
    client, delivered_at_window, people, appeals, django_assert_num_queries
):
    for _ in range(appeals):
        case = delivered_at_window()
        rating = services.rating_submit(
            case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
        )
        services.appeal_file(rating_id=rating.pk, reason="误评", actor=people["clerk"])
    client.force_login(people["supervisor"])
    client.get("/ratings/appeals/")
    with django_assert_num_queries(4):  # session, user, roles, appeals
        assert client.get("/ratings/appeals/").status_code == 200
    with django_assert_num_queries(5):  # session, user, roles, count, page
        assert client.get("/api/v1/ratings/appeals").json()["count"] == appeals
