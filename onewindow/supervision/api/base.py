"""What the supervision endpoints share: the router, error bodies, look-ups."""

from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from ninja import Router, Schema

from onewindow.lib.errors import InvalidInput, NotFound

router = Router(tags=["效能监督"])


class ErrorOut(Schema):
    code: str
    message: str
    details: Any = None


ERRORS = {code: ErrorOut for code in (401, 403, 404, 409, 422)}


def staff_by_username(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound("未找到该工作人员", code="staff_not_found")
    return user


def parse_month(value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        raise InvalidInput("月份格式应为 YYYY-MM", code="invalid_month") from None


def name_of(user) -> str | None:
    if user is None:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.full_name if profile is not None else user.get_username()
