from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles

CARD_CREATORS = {Role.STEWARD, Role.SUPERVISOR, Role.ADMIN}
DISPATCHERS = {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}
ON_BEHALF = {Role.CLERK, Role.SUPERVISOR, Role.ADMIN, Role.STEWARD}


def tabs_for(user) -> list[tuple[str, str, str]]:
    roles = user_roles(user)
    tabs = [("projects", "项目一卡通", "enterprise:projects"),
            ("demands", "企业诉求", "enterprise:demands")]  # fmt: skip
    if roles - {Role.APPLICANT}:
        tabs += [("board", "动态清零", "enterprise:board"),
                 ("report", "季度报告", "enterprise:report")]  # fmt: skip
    return tabs


def page(request, template: str, context: dict, *, status: int = 200, tab: str = ""):
    context.update(tab=tab, tabs=tabs_for(request.user), nav="enterprise")
    return render(request, template, context, status=status)


def login_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def staff_only(view):
    """Signed in as staff (any role but applicant); others get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_roles(request.user) - {Role.APPLICANT}:
            return page(request, "enterprise/forbidden.html", {}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def flash_error(request, exc) -> None:
    messages.error(request, exc.message)
