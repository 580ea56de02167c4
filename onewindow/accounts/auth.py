"""API authentication: bearer tokens for integrations, the session for the browser.

A token is looked up once and then known to this process for TOKEN_TTL seconds, keyed by
its hash, together with its user, the user's roles, staff profile and applicant account:
looking it up again on every call was a query or two per request, more than the rest of
a typical API call costs. Revoking a token, deactivating or deleting a user, changing their
groups, staff profile or applicant account forgets every known token in this process as
soon as the change commits, and publishes that in the shared cache (see lib.memo): other
processes notice within VERSION_RECHECK seconds when the shared cache is Redis, and within
TOKEN_TTL seconds otherwise. Until then they may still accept a token just revoked.
"""

import copy
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from onewindow.lib.memo import ProcessCache

from .models import ApiToken, ApplicantAccount, StaffProfile
from .services import user_roles

# Recording every use would turn each API read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)
TOKEN_TTL = 30.0
VERSION_RECHECK = 1.0

User = get_user_model()


@dataclass
class KnownToken:
    token_id: int
    user: object  # with _onewindow_roles and its staff profile / applicant account loaded
    last_used_at: datetime | None


tokens = ProcessCache("api-tokens", ttl=TOKEN_TTL, recheck=VERSION_RECHECK)


def _load(key_hash: str) -> KnownToken | None:
    found = (
        ApiToken.objects.active()
        .select_related("user", "user__staff_profile", "user__applicant_account")
        .filter(key_hash=key_hash)
        .first()
    )
    if found is None:
        return None
    user_roles(found.user)  # loaded now, carried by every copy of the user
    return KnownToken(token_id=found.pk, user=found.user, last_used_at=found.last_used_at)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token or not token.startswith(ApiToken.PREFIX):
            return None
        key_hash = ApiToken.hash(token)
        known = tokens.get(key_hash, lambda: _load(key_hash))
        if known is None:
            return None
        now = timezone.now()
        if known.last_used_at is None or now - known.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=known.token_id).update(last_used_at=now)
            known.last_used_at = now
        # A copy per request: the cached user is shared by every thread of the process.
        user = copy.copy(known.user)
        request.user = user
        return user


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session (with Django's CSRF check on writes)."""


def _forget(sender, **kwargs):
    update_fields = kwargs.get("update_fields")
    if sender is User and update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every login saves last_login; it changes nothing a token carries
    tokens.changed()


for _model in (ApiToken, User, StaffProfile, ApplicantAccount, Group):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"api-token-save-{_model.__name__}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"api-token-del-{_model.__name__}")
m2m_changed.connect(_forget, sender=User.groups.through, dispatch_uid="api-token-groups")
