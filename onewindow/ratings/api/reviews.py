"""最难办事科室群众评 endpoints: campaigns, invitations, ballots, ranking, actions, checks."""

from ninja import Status

from onewindow.catalog.models import Section
from onewindow.lib.errors import InvalidInput, NotFound

from .. import conf, selectors, services
from ..choices import BallotChannel, Fault
from ..models import BallotInvitation, ReviewCampaign
from .base import ERRORS, require_supervisor, router
from .schemas import (
    ActionOut,
    BallotFormOut,
    BallotIn,
    CampaignIn,
    CampaignOut,
    CheckIn,
    CheckOut,
    CountOut,
    InvitationsIn,
    NoteIn,
    RankOut,
    TokenOut,
)


def _campaign(pk: int) -> ReviewCampaign:
    campaign = ReviewCampaign.objects.filter(pk=pk).first()
    if campaign is None:
        raise NotFound("未找到该评议活动", code="campaign_not_found")
    return campaign


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS}, summary="科室评议活动")
def list_campaigns(request):
    require_supervisor(request.auth)
    return list(selectors.campaigns())


@router.post("/campaigns", response={201: CampaignOut, **ERRORS}, summary="创建季度评议")
def create_campaign(request, body: CampaignIn):
    return Status(201, services.campaign_create(actor=request.auth, **body.dict()))


@router.post("/campaigns/{pk}/open", response={200: CampaignOut, **ERRORS}, summary="开始投票")
def open_campaign(request, pk: int):
    return services.campaign_open(campaign_id=pk, actor=request.auth)


@router.post(
    "/campaigns/{pk}/close",
    response={200: CampaignOut, **ERRORS},
    summary="截止投票并排名",
    description="冻结排名（1 为最差），按规则生成问责措施。",
)
def close_campaign(request, pk: int):
    return services.campaign_close(campaign_id=pk, actor=request.auth)


@router.post("/campaigns/{pk}/publish", response={200: CampaignOut, **ERRORS}, summary="公布排名")
def publish_campaign(request, pk: int):
    return services.campaign_publish(campaign_id=pk, actor=request.auth)


@router.post(
    "/campaigns/{pk}/invitations", response={200: CountOut, **ERRORS}, summary="发出投票邀请"
)
def invite(request, pk: int, body: InvitationsIn):
    if body.channel == BallotChannel.DIRECTED:
        n = services.invitations_issue_directed(
            campaign_id=pk, per_section=body.size, actor=request.auth
        )
    elif body.channel == BallotChannel.SAMPLE:
        n = services.invitations_issue_sample(campaign_id=pk, size=body.size, actor=request.auth)
    else:
        raise InvalidInput("公开投票无需邀请，请使用公开投票链接", code="channel_invalid")
    return {"count": n}


@router.get("/campaigns/{pk}/ranking", response={200: list[RankOut], **ERRORS}, summary="科室排名")
def campaign_ranking(request, pk: int):
    require_supervisor(request.auth)
    return selectors.ranking(_campaign(pk))


@router.get(
    "/campaigns/{pk}/actions", response={200: list[ActionOut], **ERRORS}, summary="问责措施"
)
def campaign_actions(request, pk: int):
    require_supervisor(request.auth)
    return list(selectors.actions(_campaign(pk)))


@router.post("/actions/{pk}/complete", response={200: ActionOut, **ERRORS}, summary="措施已落实")
def complete_action(request, pk: int, body: NoteIn):
    return services.action_complete(action_id=pk, note=body.note, actor=request.auth)


@router.get("/checks", response={200: list[CheckOut], **ERRORS}, summary="暗访记录")
def list_checks(request, campaign_id: int | None = None):
    require_supervisor(request.auth)
    campaign = _campaign(campaign_id) if campaign_id else None
    return list(selectors.undercover_checks(campaign)[:200])


@router.post("/checks", response={201: CheckOut, **ERRORS}, summary="登记暗访")
def log_check(request, body: CheckIn):
    return Status(201, services.undercover_check_log(actor=request.auth, **body.dict()))


# ---- public: ballots and the published ranking -------------------------------------------


@router.post(
    "/open/{open_token}",
    auth=None,
    response={201: TokenOut, **ERRORS},
    summary="公开投票：领取一次性投票令牌",
)
def mint_open(request, open_token: str):
    return Status(201, {"token": services.invitation_open_mint(open_token=open_token).token})


@router.get("/ballots/{token}", auth=None, response={200: BallotFormOut, **ERRORS}, summary="选票")
def ballot_form(request, token: str):
    invitation = BallotInvitation.objects.select_related("campaign").filter(token=token).first()
    if invitation is None:
        raise NotFound("投票链接无效", code="ballot_token_invalid")
    return {
        "campaign": invitation.campaign.title,
        "faults": dict(Fault.choices),
        "sections": list(Section.objects.select_related("department")),
    }


@router.post(
    "/ballots/{token}",
    auth=None,
    response={201: CountOut, **ERRORS},
    summary="投票（匿名，每个令牌一票）",
    description="须选择一个科室、一种问题（冷懒推乱贪）并写出具体事例。",
)
def cast(request, token: str, body: BallotIn):
    services.ballot_cast(token=token, **body.dict())
    return Status(201, {"count": 1})


@router.get(
    "/published/{pk}",
    auth=None,
    response={200: list[RankOut], **ERRORS},
    summary="公布的最难办事科室排名（公开）",
)
def published_ranking(request, pk: int):
    campaign = selectors.published_campaigns().filter(pk=pk).first()
    if campaign is None:
        raise NotFound("该评议尚未公布", code="campaign_not_published")
    return selectors.ranking(campaign, limit=conf.consequence_rules().published_worst)
