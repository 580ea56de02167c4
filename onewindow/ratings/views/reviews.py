"""最难办事科室群众评 pages: the office's campaigns (create, open, invite, close, publish,
consequences, undercover checks), the public ballot and the published ranking."""

from datetime import date, datetime, time

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from onewindow.catalog.models import Section
from onewindow.lib.errors import DomainError
from onewindow.lib.qr import qr_svg

from .. import conf, selectors, services
from ..choices import CampaignStatus, Fault
from ..models import BallotInvitation, ReviewCampaign
from .common import SUPERVISORS, page, role_required

OPEN_SESSION_KEY = "ratings_open_ballots"


def _campaign(pk: int) -> ReviewCampaign:
    campaign = ReviewCampaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise Http404("未找到该评议活动")
    return campaign


def _day(value: str, end: bool = False):
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return datetime.combine(
        day, time.max if end else time.min, tzinfo=timezone.get_current_timezone()
    )


@role_required(*SUPERVISORS)
def campaigns(request):
    today = timezone.localdate()
    status = 200
    if request.method == "POST":
        try:
            opens, closes = (
                _day(request.POST.get("opens")),
                _day(request.POST.get("closes"), end=True),
            )
            if opens is None or closes is None:
                raise DomainError("请填写投票起止日期", code="dates_required", status=422)
            campaign = services.campaign_create(
                year=int(request.POST.get("year") or 0),
                quarter=int(request.POST.get("quarter") or 0),
                opens_at=opens,
                closes_at=closes,
                title=request.POST.get("title", ""),
                actor=request.user,
            )
        except ValueError:
            messages.error(request, "年度和季度须为数字")
            status = 422
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status
        else:
            messages.success(request, f"已创建「{campaign.title}」")
            return redirect("ratings:campaign", pk=campaign.pk)
    return page(
        request,
        "ratings/campaigns.html",
        {
            "campaigns": list(selectors.campaigns()),
            "year": today.year,
            "quarter": (today.month - 1) // 3 + 1,
        },
        status=status,
        tab="campaigns",
    )


@role_required(*SUPERVISORS)
def campaign(request, pk: int):
    campaign = _campaign(pk)
    open_url = request.build_absolute_uri(
        reverse("ratings:ballot_open", args=[campaign.open_token])
    )
    invitations = campaign.invitations.all()
    rules = conf.consequence_rules()
    ranks = selectors.ranking(campaign)
    return page(
        request,
        "ratings/campaign.html",
        {
            "campaign": campaign,
            "open_url": open_url,
            "open_qr": qr_svg(open_url, scale=3),
            "invited": invitations.exclude(channel="OPEN").count(),
            "voted": invitations.filter(used_at__isnull=False).count(),
            "ballots": campaign.ballots.count(),
            "ranks": ranks[: rules.published_worst],
            "other_ranks": ranks[rules.published_worst :],
            "all_ranks": ranks,
            "actions": list(selectors.actions(campaign)),
            "checks": list(selectors.undercover_checks(campaign)),
            "sections": list(Section.objects.select_related("department")),
            "rules": rules,
            "today": timezone.localdate(),
        },
        tab="campaigns",
    )


@require_POST
@role_required(*SUPERVISORS)
def campaign_action(request, pk: int, action: str):
    _campaign(pk)
    post, user = request.POST, request.user
    try:
        if action == "open":
            services.campaign_open(campaign_id=pk, actor=user)
            done = "已开始投票"
        elif action == "close":
            services.campaign_close(campaign_id=pk, actor=user)
            done = "投票已截止，排名和问责措施已生成"
        elif action == "publish":
            services.campaign_publish(campaign_id=pk, actor=user)
            done = "排名已公布"
        elif action == "directed":
            n = services.invitations_issue_directed(campaign_id=pk, actor=user)
            done = f"已向在科室办过事的 {n} 位群众发出定向邀请"
        elif action == "sample":
            n = services.invitations_issue_sample(
                campaign_id=pk, size=int(post.get("size") or 0), actor=user
            )
            done = f"已随机抽取 {n} 位办事群众发出邀请"
        elif action == "complete":
            services.action_complete(
                action_id=int(post.get("action_id") or 0), note=post.get("note", ""), actor=user
            )
            done = "已记录落实情况"
        elif action == "check":
            services.undercover_check_log(
                campaign_id=pk,
                section_id=int(post.get("section_id") or 0),
                check_date=date.fromisoformat(post.get("check_date") or ""),
                inspector=post.get("inspector", ""),
                findings=post.get("findings", ""),
                problem_found=post.get("problem_found") == "on",
                actor=user,
            )
            done = "已登记暗访情况"
        else:
            raise Http404("未知操作")
    except ValueError:
        messages.error(request, "请填写有效的数字和日期")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("ratings:campaign", pk=pk)


# ---- public ------------------------------------------------------------------------------


def ballot_open(request, open_token: str):
    """The campaign's public link mints a one-time token for this browser (kept in the
    session, so reloading does not mint another) and goes to the ballot."""
    minted = request.session.get(OPEN_SESSION_KEY, {})
    token = minted.get(open_token)
    if token is None:
        try:
            token = services.invitation_open_mint(open_token=open_token).token
        except DomainError as exc:
            return render(
                request, "ratings/ballot_closed.html", {"message": exc.message}, status=exc.status
            )
        minted[open_token] = token
        request.session[OPEN_SESSION_KEY] = minted
    return redirect("ratings:ballot", token=token)


def ballot(request, token: str):
    invitation = (
        BallotInvitation.objects.select_related("campaign", "section").filter(token=token).first()
    )
    if invitation is None:
        raise Http404("投票链接无效")
    context = {
        "invitation": invitation,
        "campaign": invitation.campaign,
        "faults": Fault.choices,
        "sections": list(Section.objects.select_related("department")),
        "min_chars": conf.consequence_rules().example_min_chars,
    }
    status = 200
    if request.method == "POST":
        try:
            services.ballot_cast(
                token=token,
                section_id=int(request.POST.get("section") or 0),
                fault=request.POST.get("fault", ""),
                example=request.POST.get("example", ""),
            )
        except DomainError as exc:
            context.update(error=exc.message, posted=request.POST)
            status = exc.status
        else:
            context["done"] = True
    elif invitation.used_at is not None:
        context["done"] = True
    return render(request, "ratings/ballot.html", context, status=status)


def ranking(request, pk: int | None = None):
    published = list(selectors.published_campaigns())
    chosen = (
        next((c for c in published if c.pk == pk), None)
        if pk
        else (published[0] if published else None)
    )
    if pk and chosen is None:
        raise Http404("该评议尚未公布")
    rules = conf.consequence_rules()
    return page(
        request,
        "ratings/ranking.html",
        {
            "campaigns": published,
            "campaign": chosen,
            "ranks": selectors.ranking(chosen, limit=rules.published_worst) if chosen else [],
            "rules": rules,
            "open_campaigns": list(ReviewCampaign.objects.filter(status=CampaignStatus.OPEN)),
        },
        tab="ranking",
    )
