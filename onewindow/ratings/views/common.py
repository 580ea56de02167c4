"""What the ratings pages share: rendering with the tab bar, role gates, reading a rating
form from a POST."""

from django.shortcuts import render

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.views.common import forbidden, login_only, role_required  # noqa: F401

from ..choices import DIMENSIONS, RatingChannel, RatingLevel

STAFF = (Role.CLERK, Role.REVIEWER, Role.SECTION_HEAD, Role.SUPERVISOR, Role.ADMIN)
SUPERVISORS = (Role.SUPERVISOR, Role.ADMIN)


def tabs_for(user) -> list[tuple[str, str, str]]:
    roles = user_roles(user)
    tabs = []
    if Role.APPLICANT in roles:
        tabs.append(("mine", "我的评价", "ratings:mine"))
    if roles & set(STAFF):
        tabs.append(("rectifications", "差评整改", "ratings:rectifications"))
    if roles & set(SUPERVISORS):
        tabs.append(("appeals", "申诉复核", "ratings:appeals"))
        tabs.append(("campaigns", "科室评议", "ratings:campaigns"))
    tabs.append(("ranking", "最难办事科室", "ratings:ranking"))
    return tabs


def page(request, template: str, context: dict, *, status: int = 200, tab: str = ""):
    context.setdefault("tab", tab)
    context.setdefault("nav", "ratings")
    context["rating_tabs"] = tabs_for(request.user)
    return render(request, template, context, status=status)


def levels():
    """The five levels with their colours, best first, for the big buttons."""
    return [(level.value, level.label, level.colour, level.is_bad) for level in RatingLevel]


def form_context(channel: str) -> dict:
    return {
        "levels": levels(),
        "dimensions": list(DIMENSIONS[RatingChannel(channel)].items()),
        "score_range": [5, 4, 3, 2, 1],
    }


def rating_input(post, channel: str) -> dict:
    """level, scores and comment from a rating form; the service validates them."""
    scores = {
        key: post.get(f"score_{key}")
        for key in DIMENSIONS[RatingChannel(channel)]
        if post.get(f"score_{key}")
    }
    return {
        "level": post.get("level", ""),
        "scores": scores,
        "comment": post.get("comment", ""),
    }
