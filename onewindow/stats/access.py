"""The dashboard, its drill-down and exports are for the office: supervisors and admins."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_has_role
from onewindow.lib.errors import Forbidden

OFFICE = (Role.SUPERVISOR, Role.ADMIN)
ERR_NOT_OFFICE = "统计分析仅供大厅管理/监督人员和系统管理员使用"


def require_office(user) -> None:
    if not user_has_role(user, *OFFICE):
        raise Forbidden(ERR_NOT_OFFICE, code="not_supervisor")


def office_page(view):
    """Anonymous visitors log in; others without the role get a 403 page that says why."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user_has_role(request.user, *OFFICE):
            return render(request, "stats/message.html", {"message": ERR_NOT_OFFICE}, status=403)
        return view(request, *args, **kwargs)

    return wrapper
