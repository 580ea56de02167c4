"""Section-review campaigns for the demo: the two previous quarters closed and published
(the same section among the worst in both, so a head is removed), the current one open for
voting. Ballots are written in bulk; ranking and consequences come from the services."""

import random
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from onewindow.catalog.models import Section

from .. import services
from ..choices import BallotChannel, ConsequenceKind, Fault
from ..models import BallotInvitation, ReviewCampaign, SectionBallot, SectionLeadership
from ..services.reviews import previous_quarter, quarter_range

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
)
GIVEN = "建华伟强军平志明海涛俊峰丽红英敏静霞燕玲芳杰磊斌宇浩鹏飞"
EXAMPLES = {
    "COLD": ("窗口人员一直低头玩手机，问了三遍才抬头回答", "咨询时工作人员不耐烦，说看墙上的指南"),
    "LAZY": ("下午四点就说系统关了让明天再来", "材料齐全却说负责人不在，拖了一周才签字"),
    "SHIRK": (
        "科室说要找另一个科室盖章，另一个科室又让回来找他们",
        "同一件事被推到三个科室，谁都说不归自己管",
    ),
    "CHAOS": ("同一份材料，上次说可以这次又说不行", "要求提供指南上没有的证明材料"),
    "GREED": ("暗示找中介可以快点办", "收取了指南上没有的费用，没有开票"),
}
# Votes per section rank (worst first); the remaining sections get one or two.
SHAPE = (38, 31, 26, 20, 17, 15, 12, 10, 9, 8, 6, 5)


def _leadership(rng) -> None:
    sections = list(Section.objects.select_related("department").filter(leadership__isnull=True))
    head = get_user_model().objects.filter(username="sectionhead").first()
    rows = []
    for s in sections:
        is_demo_head = (
            head is not None and s.name == "食品经营许可科" and s.department.code == "SCJGJ"
        )
        rows.append(
            SectionLeadership(
                section=s,
                head=head if is_demo_head else None,
                head_name="陈建国" if is_demo_head else rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                leader_name=rng.choice(SURNAMES) + rng.choice(GIVEN) + "（副局长）",
            )
        )  # fmt: skip
    SectionLeadership.objects.bulk_create(rows)


def _bounds(year: int, quarter: int):
    tz = timezone.get_current_timezone()
    start, end = quarter_range(year, quarter)
    return datetime.combine(start, time(9), tzinfo=tz), datetime.combine(end, time(17), tzinfo=tz)


def _ballots(rng, campaign, order: list[Section], at) -> None:
    ballots, invitations = [], []
    faults = list(Fault.values)
    for i, section in enumerate(order):
        votes = SHAPE[i] if i < len(SHAPE) else rng.randint(0, 2)
        main = rng.choice(faults[:4]) if i else "SHIRK"
        for _ in range(votes):
            fault = main if rng.random() < 0.6 else rng.choice(faults)
            channel = rng.choice(list(BallotChannel.values))
            invitations.append(
                BallotInvitation(campaign=campaign, channel=channel, created_at=at, used_at=at)
            )
            ballots.append(SectionBallot(campaign=campaign, section=section, fault=fault,
                                         example=rng.choice(EXAMPLES[fault]), channel=channel,
                                         created_at=at + timedelta(days=rng.randint(0, 40))))  # fmt: skip
    BallotInvitation.objects.bulk_create(invitations)
    SectionBallot.objects.bulk_create(ballots)


def load_campaigns(*, seed: int = 2026) -> dict | None:
    supervisor = get_user_model().objects.filter(username="supervisor").first()
    sections = list(Section.objects.select_related("department").order_by("pk"))
    if supervisor is None or len(sections) < 4:
        return None
    today = timezone.localdate()
    current = (today.year, (today.month - 1) // 3 + 1)
    before = previous_quarter(*current)
    earlier = previous_quarter(*before)
    if ReviewCampaign.objects.filter(year=earlier[0], quarter=earlier[1]).exists():
        return None
    rng = random.Random(seed)
    made = {}
    with transaction.atomic():
        _leadership(rng)
        worst = next((s for s in sections if s.name == "登记一科"), sections[0])
        for year, quarter in (earlier, before):
            opens, closes = _bounds(year, quarter)
            campaign = services.campaign_create(year=year, quarter=quarter, opens_at=opens,
                                                closes_at=closes, actor=supervisor)  # fmt: skip
            services.campaign_open(campaign_id=campaign.pk, actor=supervisor)
            order = [worst, *rng.sample([s for s in sections if s != worst], len(sections) - 1)]
            _ballots(rng, campaign, order, opens)
            services.campaign_close(campaign_id=campaign.pk, actor=supervisor)
            services.campaign_publish(campaign_id=campaign.pk, actor=supervisor)
            _carry_out(rng, campaign, supervisor, everything=(year, quarter) == earlier)
            _checks(rng, campaign, supervisor, order[:3], closes)
            made[campaign.period] = campaign.ranks.count()
        opens, closes = _bounds(*current)
        live = services.campaign_create(year=current[0], quarter=current[1], opens_at=opens,
                                        closes_at=closes, actor=supervisor)  # fmt: skip
        services.campaign_open(campaign_id=live.pk, actor=supervisor)
        services.invitations_issue_directed(campaign_id=live.pk, actor=supervisor, per_section=20)
        services.invitations_issue_sample(campaign_id=live.pk, size=200, actor=supervisor)
        _ballots(rng, live, rng.sample(sections, min(6, len(sections))), opens)
        made[live.period] = live.ballots.count()
    return made


def _carry_out(rng, campaign, supervisor, *, everything: bool) -> None:
    notes = {
        ConsequenceKind.WARN: "已书面警示科室负责人",
        ConsequenceKind.NO_PROMOTION: "已通报组织部门，期内暂停提拔",
        ConsequenceKind.FORMAL_TALK: "分管领导已约谈科室负责人，形成整改清单",
        ConsequenceKind.HEAD_REMOVED: "经党组会研究，科室负责人调整岗位",
        ConsequenceKind.LEADER_REMOVED: "已报区委调整分管领导分工",
    }
    for action in campaign.actions.filter(status="PENDING").order_by("pk"):
        if everything or rng.random() < 0.4:
            services.action_complete(action_id=action.pk, note=notes[action.kind], actor=supervisor)


def _checks(rng, campaign, supervisor, worst: list[Section], closes) -> None:
    for i, section in enumerate(worst):
        day = min(timezone.localdate(closes) + timedelta(days=15 + 7 * i), timezone.localdate())
        found = i == 0
        services.undercover_check_log(
            campaign_id=campaign.pk, section_id=section.pk, check_date=day, inspector="区政务办督查组",
            findings="窗口仍存在让群众多跑腿的情况，已现场指出" if found else "工作人员在岗在位，一次性告知到位",
            problem_found=found, actor=supervisor,
        )  # fmt: skip
