from datetime import datetime

from ninja import Router, Schema, Status

from . import services
from .models import ApiToken

router = Router(tags=["账号"])


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[str]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    key_hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str


@router.get("/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.auth
    profile = getattr(user, "staff_profile", None)
    return {
        "username": user.username,
        "full_name": profile.full_name if profile else user.get_full_name(),
        "roles": sorted(services.user_roles(user)),
    }


@router.get("/tokens", response=list[TokenOut], summary="我的接口令牌")
def list_tokens(request):
    return ApiToken.objects.filter(user=request.auth).order_by("-created_at")


@router.post("/tokens", response={201: TokenCreatedOut}, summary="创建接口令牌（令牌只显示这一次）")
def create_token(request, payload: TokenIn):
    token, raw = services.token_create(user=request.auth, name=payload.name, actor=request.auth)
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@router.delete("/tokens/{token_id}", response=TokenOut, summary="吊销接口令牌")
def revoke_token(request, token_id: int):
    return services.token_revoke(token_id=token_id, user=request.auth, actor=request.auth)
