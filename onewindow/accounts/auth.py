"""API authentication: bearer tokens for integrations, the session for the browser."""

from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from .models import ApiToken

# Recording every use would turn each API read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token or not token.startswith(ApiToken.PREFIX):
            return None
        found = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=ApiToken.hash(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(NinjaSessionAuth):
    """The logged-in browser session (with Django's CSRF check on writes)."""
