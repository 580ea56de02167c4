"""Validates form data against a matter's (or a bundle's merged) form fields."""

from datetime import date
from decimal import Decimal, InvalidOperation

from onewindow.lib.errors import InvalidInput
from onewindow.lib.identity import resident_id_problem, uscc_problem

MAX_TEXT = 2000


def _check(spec: dict, value) -> tuple[object, str | None]:
    kind = spec.get("type") or "text"
    if isinstance(value, str):
        value = value.strip()
    if kind == "number":
        try:
            return str(Decimal(str(value))), None
        except (InvalidOperation, ValueError):
            return value, "应为数字"
    if kind == "date":
        try:
            return date.fromisoformat(str(value)).isoformat(), None
        except ValueError:
            return value, "日期格式应为 YYYY-MM-DD"
    if kind == "select":
        options = [str(o) for o in spec.get("options") or []]
        return value, None if str(value) in options else f"应为以下之一：{'、'.join(options)}"
    if kind == "phone":
        digits = str(value).replace("-", "").replace(" ", "")
        ok = digits.isdigit() and 7 <= len(digits) <= 12
        return value, None if ok else "电话号码格式不正确"
    if kind == "idnumber":
        text = str(value).upper()
        return text, resident_id_problem(text) if len(text) == 18 and text[
            :17
        ].isdigit() else uscc_problem(text)
    if not isinstance(value, str | int | float):
        return value, "应为文本"
    text = str(value)
    return text, None if len(text) <= MAX_TEXT else f"不能超过{MAX_TEXT}个字"


def validate_form(fields: list[dict], data: dict | None) -> dict:
    """The cleaned form data; every problem is reported at once (field key → reason)."""
    data = data or {}
    if not isinstance(data, dict):
        raise InvalidInput("申请表应为键值对象", code="form_invalid")
    known = {f.get("key"): f for f in fields if f.get("key")}
    errors: dict[str, str] = {}
    cleaned: dict = {}
    for key, spec in known.items():
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.get("required"):
                errors[key] = f"请填写「{spec.get('label') or key}」"
            continue
        cleaned[key], problem = _check(spec, value)
        if problem:
            errors[key] = f"「{spec.get('label') or key}」{problem}"
    for key in data:
        if key not in known:
            errors[key] = "申请表中没有这一项"
    if errors:
        raise InvalidInput("申请表填写有误", code="form_invalid", details=errors)
    return cleaned
