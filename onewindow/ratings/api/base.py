"""What the ratings API shares: the router, the error documentation, pagination."""

from ninja import Router

from onewindow.cases.api.base import ERRORS, Pages
from onewindow.lib.errors import Forbidden

from .. import permissions

router = Router(tags=["好差评"])

__all__ = ["ERRORS", "Pages", "require_staff", "require_supervisor", "router"]


def require_supervisor(user) -> None:
    if not permissions.is_supervisor(user):
        raise Forbidden("仅监督人员可以进行此项操作", code="forbidden")


def require_staff(user) -> None:
    if not permissions.is_staff_member(user):
        raise Forbidden("仅工作人员可以查看", code="forbidden")
