"""最难办事科室群众评: campaigns, invitations, anonymous ballots, the ranking at close, the
consequences it triggers, and undercover checks (暗访)."""

import calendar
import random
from collections import Counter, defaultdict
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from onewindow.audit.services import audit_event, audit_record
from onewindow.cases.models import Case, Review
from onewindow.catalog.models import Section
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput, NotFound

from .. import conf, permissions
from ..choices import (
    ActionStatus,
    BallotChannel,
    CampaignStatus,
    ConsequenceKind,
    Fault,
)
from ..models import (
    BallotInvitation,
    ConsequenceAction,
    ReviewCampaign,
    SectionBallot,
    SectionLeadership,
    SectionRank,
    UndercoverCheck,
)

ERR_NOT_SUPERVISOR = "只有监督人员可以管理科室评议"
ERR_TOKEN_USED = "该投票链接已使用，每个链接只能投一票"
ERR_NOT_OPEN = "本次评议不在投票期内"
# Ties in votes are broken by the gravest fault named: 贪 weighs more than 冷.
FAULT_WEIGHT = {"GREED": 5, "CHAOS": 4, "SHIRK": 3, "LAZY": 2, "COLD": 1}


def _require_supervisor(actor) -> None:
    if not permissions.is_supervisor(actor):
        raise Forbidden(ERR_NOT_SUPERVISOR, code="forbidden")


def _campaign(campaign_id: int, *, lock: bool = False) -> ReviewCampaign:
    qs = ReviewCampaign.objects.select_for_update() if lock else ReviewCampaign.objects
    campaign = qs.filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("未找到该评议活动", code="campaign_not_found")
    return campaign


def _expect(campaign: ReviewCampaign, *statuses: str) -> None:
    if campaign.status not in statuses:
        raise Conflict(
            f"评议活动当前为「{campaign.get_status_display()}」，不能进行此操作",
            code="campaign_wrong_state",
        )


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def campaign_create(
    *, year: int, quarter: int, opens_at: datetime, closes_at: datetime, actor, title: str = ""
) -> ReviewCampaign:
    _require_supervisor(actor)
    if not 1 <= quarter <= 4:
        raise InvalidInput("季度须为 1-4", code="quarter_invalid")
    if closes_at <= opens_at:
        raise InvalidInput("投票截止时间须晚于开始时间", code="campaign_dates_invalid")
    with transaction.atomic():
        if ReviewCampaign.objects.filter(year=year, quarter=quarter).exists():
            raise Conflict("该季度已有评议活动", code="campaign_exists")
        campaign = ReviewCampaign.objects.create(
            year=year,
            quarter=quarter,
            title=title.strip() or f"{year}年第{quarter}季度最难办事科室群众评",
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=actor,
        )
        audit_record(actor=actor, action="campaign.create", obj=campaign, summary="创建科室评议")
    return campaign


def campaign_open(*, campaign_id: int, actor) -> ReviewCampaign:
    _require_supervisor(actor)
    with transaction.atomic():
        campaign = _campaign(campaign_id, lock=True)
        _expect(campaign, CampaignStatus.DRAFT)
        campaign.status = CampaignStatus.OPEN
        campaign.save(update_fields=["status"])
        audit_record(actor=actor, action="campaign.open", obj=campaign, summary="开始投票")
    return campaign


def _applicants_in_quarter(campaign: ReviewCampaign):
    start, end = quarter_range(campaign.year, campaign.quarter)
    tz = timezone.get_current_timezone()
    return Case.objects.filter(
        submitted_at__gte=datetime.combine(start, time.min, tzinfo=tz),
        submitted_at__lte=datetime.combine(end, time.max, tzinfo=tz),
    )


def invitations_issue_directed(*, campaign_id: int, actor, per_section: int = 50) -> int:
    """Invites applicants whose cases in the campaign's quarter were reviewed by a member of
    a section (the reviewer's staff profile names the section): up to `per_section` each."""
    _require_supervisor(actor)
    with transaction.atomic():
        campaign = _campaign(campaign_id, lock=True)
        _expect(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN)
        cases = _applicants_in_quarter(campaign).values("pk")
        pairs = (
            Review.objects.filter(case__in=cases, reviewer__staff_profile__section__isnull=False)
            .values_list("reviewer__staff_profile__section_id", "case__applicant_id")
            .distinct()
            .order_by("reviewer__staff_profile__section_id", "case__applicant_id")
        )
        taken: set[int] = set(
            campaign.invitations.filter(applicant__isnull=False).values_list(
                "applicant_id", flat=True
            )
        )
        per: Counter = Counter()
        now = timezone.now()
        rows = []
        for section_id, applicant_id in pairs:
            if applicant_id in taken or per[section_id] >= per_section:
                continue
            taken.add(applicant_id)
            per[section_id] += 1
            rows.append(
                BallotInvitation(
                    campaign=campaign,
                    channel=BallotChannel.DIRECTED,
                    applicant_id=applicant_id,
                    section_id=section_id,
                    created_at=now,
                )
            )
        BallotInvitation.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="campaign.invite_directed",
            obj=campaign,
            summary=f"定向邀请 {len(rows)} 人",
        )
    return len(rows)


def invitations_issue_sample(*, campaign_id: int, size: int, actor) -> int:
    """Invites a random sample of the quarter's applicants not invited yet."""
    _require_supervisor(actor)
    if not 1 <= size <= 10_000:
        raise InvalidInput("抽样人数须为 1-10000", code="sample_size_invalid")
    with transaction.atomic():
        campaign = _campaign(campaign_id, lock=True)
        _expect(campaign, CampaignStatus.DRAFT, CampaignStatus.OPEN)
        invited = campaign.invitations.filter(applicant__isnull=False).values("applicant_id")
        # Drawn in Python: ORDER BY RANDOM() with DISTINCT would select the random key too
        # and return an applicant more than once.
        pool = sorted(
            set(
                _applicants_in_quarter(campaign)
                .exclude(applicant_id__in=invited)
                .values_list("applicant_id", flat=True)
            )
        )
        applicant_ids = random.SystemRandom().sample(pool, min(size, len(pool)))
        now = timezone.now()
        BallotInvitation.objects.bulk_create(
            BallotInvitation(
                campaign=campaign, channel=BallotChannel.SAMPLE, applicant_id=pk, created_at=now
            )
            for pk in applicant_ids
        )
        audit_record(
            actor=actor,
            action="campaign.invite_sample",
            obj=campaign,
            summary=f"随机抽样邀请 {len(applicant_ids)} 人",
        )
    return len(applicant_ids)


def invitation_open_mint(*, open_token: str) -> BallotInvitation:
    """A one-time token for a visitor of the campaign's public link."""
    campaign = ReviewCampaign.objects.filter(open_token=open_token).first()
    if campaign is None:
        raise NotFound("投票链接无效", code="campaign_not_found")
    _ensure_voting(campaign)
    return BallotInvitation.objects.create(
        campaign=campaign, channel=BallotChannel.OPEN, created_at=timezone.now()
    )


def _ensure_voting(campaign: ReviewCampaign) -> None:
    now = timezone.now()
    if campaign.status != CampaignStatus.OPEN or not campaign.opens_at <= now < campaign.closes_at:
        raise Conflict(ERR_NOT_OPEN, code="campaign_not_open")


def ballot_cast(*, token: str, section_id: int, fault: str, example: str) -> SectionBallot:
    """Casts the anonymous ballot of one token. The token is claimed by a conditional update
    that must change exactly one row, so two submits of one token give one ballot. The ballot
    keeps no link to the token, the voter or the request's address."""
    example = (example or "").strip()
    rules = conf.consequence_rules()
    if fault not in Fault.values:
        raise InvalidInput("请选择问题类型（冷、懒、推、乱、贪）", code="fault_invalid")
    if len(example) < rules.example_min_chars:
        raise InvalidInput(
            f"请写出具体事例（不少于 {rules.example_min_chars} 字）", code="example_required"
        )
    if len(example) > 1000:
        raise InvalidInput("具体事例不能超过 1000 字", code="example_too_long")
    with transaction.atomic():
        invitation = BallotInvitation.objects.select_related("campaign").filter(token=token).first()
        if invitation is None:
            raise NotFound("投票链接无效", code="ballot_token_invalid")
        _ensure_voting(invitation.campaign)
        if not Section.objects.filter(pk=section_id).exists():
            raise InvalidInput("请选择科室", code="section_invalid")
        claimed = BallotInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if claimed != 1:
            raise Conflict(ERR_TOKEN_USED, code="ballot_token_used")
        ballot = SectionBallot.objects.create(
            campaign=invitation.campaign,
            section_id=section_id,
            fault=fault,
            example=example,
            channel=invitation.channel,
            # the minute only: an exact time could be matched to the token's used_at
            created_at=timezone.now().replace(second=0, microsecond=0),
        )
        event = audit_event(actor=None, action="ballot.cast", obj=invitation.campaign)
        event.summary = "收到一张评议选票"
        event.ip_address = None  # anonymous ballots: no address kept
        event.save(force_insert=True)
    return ballot


def _problems(counts: Counter, examples: list[str]) -> str:
    faults = "，".join(f"{Fault(k).short} {v} 票" for k, v in counts.most_common())
    shown = "；".join(e[:60] for e in list(dict.fromkeys(examples))[:3])  # distinct ones
    return f"{faults}。群众反映：{shown}" if shown else faults


def campaign_close(*, campaign_id: int, actor) -> ReviewCampaign:
    """Closes voting, freezes the ranking (1 = most votes) with each section's streak among
    the worst, and records the consequences the rules call for."""
    _require_supervisor(actor)
    rules = conf.consequence_rules()
    with transaction.atomic():
        campaign = _campaign(campaign_id, lock=True)
        _expect(campaign, CampaignStatus.OPEN)
        now = timezone.now()
        by_section: dict[int, Counter] = defaultdict(Counter)
        examples: dict[int, list[str]] = defaultdict(list)
        for section_id, fault, example in campaign.ballots.order_by("created_at", "pk").values_list(
            "section_id", "fault", "example"
        ):
            by_section[section_id][fault] += 1
            examples[section_id].append(example)
        order = sorted(
            by_section,
            key=lambda s: (
                -sum(by_section[s].values()),
                -sum(FAULT_WEIGHT[f] * n for f, n in by_section[s].items()),
                s,
            ),
        )
        prev_year, prev_quarter = previous_quarter(campaign.year, campaign.quarter)
        previous_streaks = dict(
            SectionRank.objects.filter(
                campaign__year=prev_year, campaign__quarter=prev_quarter
            ).values_list("section_id", "worst_streak")
        )
        ranks = []
        for place, section_id in enumerate(order, start=1):
            streak = previous_streaks.get(section_id, 0) + 1 if place <= rules.talk_worst else 0
            ranks.append(
                SectionRank(
                    campaign=campaign,
                    section_id=section_id,
                    rank=place,
                    votes=sum(by_section[section_id].values()),
                    fault_counts=dict(by_section[section_id]),
                    worst_streak=streak,
                    problems=_problems(by_section[section_id], examples[section_id]),
                )
            )
        SectionRank.objects.bulk_create(ranks)
        ConsequenceAction.objects.bulk_create(_consequences(campaign, ranks, rules, now))
        campaign.status = CampaignStatus.CLOSED
        campaign.ranked_at = now
        campaign.save(update_fields=["status", "ranked_at"])
        audit_record(
            actor=actor,
            action="campaign.close",
            obj=campaign,
            summary=f"投票截止，{len(ranks)} 个科室得票并排名",
        )
    return campaign


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _consequences(campaign, ranks, rules, now) -> list[ConsequenceAction]:
    leaders = {
        row.section_id: row
        for row in SectionLeadership.objects.filter(section_id__in=[r.section_id for r in ranks])
    }
    today = timezone.localdate(now)
    actions = []
    for r in ranks:
        if r.rank > rules.published_worst:
            break
        lead = leaders.get(r.section_id)
        head = lead.head_name if lead else ""
        leader = lead.leader_name if lead else ""
        place = f"{campaign.period}最难办事科室排名第 {r.rank} 位（{r.votes} 票）"
        planned = [
            (ConsequenceKind.PUBLISH, "", None, place),
            (ConsequenceKind.WARN, head, None, place),
            (
                ConsequenceKind.NO_PROMOTION,
                head,
                _add_months(today, rules.no_promotion_months),
                f"{place}，{rules.no_promotion_months} 个月内不得提拔",
            ),
        ]
        if r.rank <= rules.talk_worst:
            planned.append(
                (ConsequenceKind.FORMAL_TALK, head, None, f"{place}，进入后 {rules.talk_worst} 名")
            )
        if r.worst_streak >= rules.head_removed_streak:
            planned.append(
                (
                    ConsequenceKind.HEAD_REMOVED,
                    head,
                    None,
                    f"连续 {r.worst_streak} 次进入后 {rules.talk_worst} 名",
                )
            )
        if r.worst_streak >= rules.leader_removed_streak:
            planned.append(
                (
                    ConsequenceKind.LEADER_REMOVED,
                    leader,
                    None,
                    f"连续 {r.worst_streak} 次进入后 {rules.talk_worst} 名",
                )
            )
        for kind, target, until, reason in planned:
            actions.append(
                ConsequenceAction(
                    campaign=campaign,
                    section_id=r.section_id,
                    kind=kind,
                    target_name=target,
                    until_date=until,
                    reason=reason[:200],
                )
            )
    return actions


def campaign_publish(*, campaign_id: int, actor) -> ReviewCampaign:
    _require_supervisor(actor)
    with transaction.atomic():
        campaign = _campaign(campaign_id, lock=True)
        _expect(campaign, CampaignStatus.CLOSED)
        campaign.status = CampaignStatus.PUBLISHED
        campaign.published_at = timezone.now()
        campaign.save(update_fields=["status", "published_at"])
        ConsequenceAction.objects.filter(
            campaign=campaign, kind=ConsequenceKind.PUBLISH, status=ActionStatus.PENDING
        ).update(
            status=ActionStatus.DONE,
            done_at=campaign.published_at,
            done_by=actor,
            note="已在网上公布",
        )
        audit_record(actor=actor, action="campaign.publish", obj=campaign, summary="公布排名")
    return campaign


def action_complete(*, action_id: int, note: str, actor) -> ConsequenceAction:
    _require_supervisor(actor)
    note = (note or "").strip()
    if not note:
        raise InvalidInput("请填写落实情况", code="note_required")
    with transaction.atomic():
        action = ConsequenceAction.objects.select_for_update().filter(pk=action_id).first()
        if action is None:
            raise NotFound("未找到该措施", code="action_not_found")
        if action.status == ActionStatus.DONE:
            raise Conflict("该措施已落实", code="action_done")
        action.status = ActionStatus.DONE
        action.done_at = timezone.now()
        action.done_by = actor
        action.note = note
        action.save(update_fields=["status", "done_at", "done_by", "note"])
        audit_record(
            actor=actor,
            action="consequence.complete",
            obj=action,
            summary=f"已落实：{action.get_kind_display()}",
        )
    return action


def undercover_check_log(
    *,
    section_id: int,
    check_date: date,
    inspector: str,
    findings: str,
    problem_found: bool,
    actor,
    campaign_id: int | None = None,
) -> UndercoverCheck:
    _require_supervisor(actor)
    inspector, findings = (inspector or "").strip(), (findings or "").strip()
    if not inspector or not findings:
        raise InvalidInput("请填写暗访人员和发现情况", code="check_incomplete")
    if check_date > timezone.localdate():
        raise InvalidInput("暗访日期不能晚于今天", code="check_date_future")
    with transaction.atomic():
        if not Section.objects.filter(pk=section_id).exists():
            raise InvalidInput("请选择科室", code="section_invalid")
        if campaign_id is not None:
            _campaign(campaign_id)
        check = UndercoverCheck.objects.create(
            campaign_id=campaign_id,
            section_id=section_id,
            check_date=check_date,
            inspector=inspector[:50],
            findings=findings,
            problem_found=problem_found,
            logged_by=actor,
            logged_at=timezone.now(),
        )
        audit_record(actor=actor, action="undercover.log", obj=check, summary="登记暗访情况")
    return check
