from ninja import Router

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases.api.schemas import ErrorOut
from onewindow.lib.errors import Forbidden

router = Router(tags=["服务延伸"])

ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}


def require_role(user, *roles: str, message: str = "您的账号不能办理这项业务") -> None:
    if not user_roles(user) & set(roles):
        raise Forbidden(message, code="forbidden")


DESK = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
