from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.lib.errors import Conflict, InvalidInput, NotFound

from .models import ApiToken
from .roles import Role

User = get_user_model()

ERR_TOKEN_NAME = "请填写令牌用途"


def roles_ensure() -> None:
    """Creates the role groups that do not exist yet."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_onewindow_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.ADMIN)
        user._onewindow_roles = cached
    return cached


def user_has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def user_grant_role(*, user, role: Role, actor) -> None:
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)
        user.__dict__.pop("_onewindow_roles", None)
        audit_record(
            actor=actor, action="user.grant_role", obj=user, summary=f"授予角色 {role.label}"
        )


def token_create(*, user, name: str, actor) -> tuple[ApiToken, str]:
    """Creates a token and returns it with its raw value, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(ERR_TOKEN_NAME, code="token_name_required")
    raw = ApiToken.new_raw_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], key_hash=ApiToken.hash(raw), key_hint=raw[-6:]
        )
        audit_record(
            actor=actor, action="api_token.create", obj=token, summary=f"创建接口令牌「{name}」"
        )
    return token, raw


def token_revoke(*, token_id: int, user, actor) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
        if token is None:
            raise NotFound("未找到该令牌", code="token_not_found")
        if token.revoked_at:
            raise Conflict("该令牌已吊销", code="token_already_revoked")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token, summary="吊销接口令牌")
    return token
