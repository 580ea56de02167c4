"""What every case page shares: rendering, role gates, case look-up and domain errors."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles

from .. import permissions, selectors
from ..models import Case

STAFF_DESK = {Role.CLERK, Role.ADMIN}
REVIEW_DESK = {Role.REVIEWER, Role.SECTION_HEAD, Role.ADMIN}
SUPERVISION = {Role.SUPERVISOR, Role.ADMIN, Role.REVIEWER, Role.SECTION_HEAD}


def tabs_for(user) -> list[tuple[str, str, str]]:
    """The case pages this user may open, as (key, label, url name) for the tab bar."""
    roles = user_roles(user)
    tabs = []
    if roles & STAFF_DESK:
        tabs.append(("workbench", "窗口受理", "cases:workbench"))
    if roles & REVIEW_DESK:
        tabs.append(("inbox", "部门待办", "cases:inbox"))
    if roles & SUPERVISION:
        tabs.append(("overdue", "超期督办", "cases:overdue"))
    if Role.APPLICANT in roles:
        tabs.append(("mine", "我的办件", "cases:mine"))
    tabs.append(("progress", "办件进度查询", "cases:progress"))
    return tabs


def page(request, template: str, context: dict, *, status: int = 200, tab: str = ""):
    context.setdefault("tab", tab)
    context["case_tabs"] = tabs_for(request.user)
    return render(request, template, context, status=status)


def forbidden(request, message: str = "您的账号没有办理这项业务的权限。"):
    return page(request, "cases/forbidden.html", {"message": message}, status=403)


def role_required(*roles: str):
    """Anonymous visitors go to the login page; signed-in users without the role get 403."""
    wanted = set(roles)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_roles(request.user) & wanted:
                return forbidden(request)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def login_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def visible_case(request, number: str) -> Case:
    """The case with its details, or 404 — also when it exists but the user may not see it,
    so that case numbers cannot be probed."""
    case = selectors.case_detail(number)
    if case is None or not permissions.can_view(request.user, case):
        raise Http404("未找到该办件")
    return case


def staff_profile(user):
    return getattr(user, "staff_profile", None)


def person_name(user) -> str:
    """How a person is named on a timeline: staff by their name, applicants as such.
    Callers select_related staff_profile and applicant_account, or this costs queries."""
    if user is None:
        return "系统"
    profile = getattr(user, "staff_profile", None)
    if profile is not None:
        return profile.full_name
    account = getattr(user, "applicant_account", None)
    if account is not None:
        return f"申请人 {account.name}"
    return user.get_full_name() or user.get_username()


def mask_name(name: str) -> str:
    """张三 → 张*; 重庆清江山城味道餐饮管理有限公司 → 重庆****有限公司: enough to recognise, not to identify."""
    name = name or ""
    if len(name) <= 1:
        return name
    if len(name) <= 3:
        return name[0] + "*" * (len(name) - 1)
    if len(name) <= 6:
        return name[0] + "*" * (len(name) - 2) + name[-1]
    return name[:2] + "****" + name[-4:]
