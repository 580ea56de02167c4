"""Template tags other apps' pages use to offer a rating without importing this app."""

from django import template
from django.urls import reverse

from ..services.rating import qr_token

register = template.Library()


@register.simple_tag
def rating_url(case) -> str:
    """The rating page of a case, with the token that lets its holder rate without a login
    (the same link the notice's QR leads to through the progress page)."""
    return reverse("ratings:rate_qr", args=[case.number, qr_token(case.number)])


@register.filter
def staff_name(user, empty: str = "—") -> str:
    """A staff member's name from their profile, else the username; `empty` for nobody."""
    if user is None:
        return empty
    profile = getattr(user, "staff_profile", None)
    return profile.full_name if profile is not None else user.get_username()
