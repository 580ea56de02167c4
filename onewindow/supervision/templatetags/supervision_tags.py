from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A staff member's name from their profile, else the username; "—" for nobody."""
    if user is None:
        return "—"
    profile = getattr(user, "staff_profile", None)
    return profile.full_name if profile is not None else user.get_username()
