"""demo_ratings over a small demo history: a realistic spread, rectifications in every
state, devices, campaigns with ranking and consequences, and nothing new the second time."""

from collections import Counter
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import TestCase

from onewindow.cases.demo import load_history
from onewindow.ratings.choices import CampaignStatus, ConsequenceKind, RectificationStatus
from onewindow.ratings.models import (
    Appeal,
    ConsequenceAction,
    Rating,
    RatingDevice,
    Rectification,
    ReviewCampaign,
    SectionRank,
    UndercoverCheck,
)

NOW = datetime(2026, 11, 18, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a working Wednesday


class DemoRatingsTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.traveller = time_machine.travel(NOW, tick=True)
        cls.traveller.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.traveller.stop()

    @classmethod
    def setUpTestData(cls):
        call_command("demo_district", verbosity=0)
        load_history(count=3000, seed=11)
        cls.out = StringIO()
        call_command("demo_ratings", stdout=cls.out)

    def test_ratings_spread_over_the_delivered_history(self):
        levels = Counter(Rating.objects.values_list("level", flat=True))
        total = sum(levels.values())
        assert total > 1000
        assert (
            levels["VERY_SATISFIED"]
            > levels["SATISFIED"]
            > levels["BASIC"]
            > levels["DISSATISFIED"]
        )
        assert 0 < levels["DISSATISFIED"] + levels["VERY_DISSATISFIED"] < total * 0.06
        assert set(Rating.objects.values_list("source", flat=True)) == {"WEB", "DEVICE", "QR"}
        assert not Rating.objects.filter(case__delivered_at__isnull=True).exists()
        assert Rating.objects.filter(channel="ON_SITE", window__isnull=False).exists()

    def test_every_bad_rating_has_a_rectification_in_some_state(self):
        assert Rectification.objects.count() == Rating.objects.filter(is_bad=True).count()
        states = set(Rectification.objects.values_list("status", flat=True))
        assert {RectificationStatus.CLOSED, RectificationStatus.EXCLUDED} <= states
        assert states & {
            RectificationStatus.VERIFYING,
            RectificationStatus.RECTIFYING,
            RectificationStatus.REVISITING,
        }
        assert not Rectification.objects.filter(status="CLOSED", revisit_level="").exists()
        excluded = Rating.objects.filter(excluded=True)
        assert excluded.exists() and all(r.excluded_reason for r in excluded)
        assert set(Appeal.objects.values_list("status", flat=True)) >= {"UPHELD", "PENDING"}

    def test_the_main_hall_windows_have_devices(self):
        assert RatingDevice.objects.filter(token="demo-qj-hall-1").exists()

    def test_campaigns_ranking_and_consequences(self):
        campaigns = list(ReviewCampaign.objects.order_by("year", "quarter"))
        assert [c.status for c in campaigns] == [
            CampaignStatus.PUBLISHED,
            CampaignStatus.PUBLISHED,
            CampaignStatus.OPEN,
        ]
        second = campaigns[1]
        worst = SectionRank.objects.get(campaign=second, rank=1)
        assert worst.worst_streak == 2
        assert ConsequenceAction.objects.filter(
            campaign=second, section=worst.section, kind=ConsequenceKind.HEAD_REMOVED
        ).exists()
        assert ConsequenceAction.objects.filter(campaign=second, status="PENDING").exists()
        assert not ConsequenceAction.objects.filter(
            campaign=campaigns[0], status="PENDING"
        ).exists()
        assert UndercoverCheck.objects.filter(campaign=second, problem_found=True).exists()
        assert campaigns[2].invitations.filter(channel="SAMPLE").exists()

    def test_a_second_run_creates_nothing(self):
        counts = (
            Rating.objects.count(),
            ReviewCampaign.objects.count(),
            Rectification.objects.count(),
        )
        out = StringIO()
        call_command("demo_ratings", stdout=out)
        assert (
            Rating.objects.count(),
            ReviewCampaign.objects.count(),
            Rectification.objects.count(),
        ) == counts
        assert "跳过" in out.getvalue()
