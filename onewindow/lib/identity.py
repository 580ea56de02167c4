"""Check digits of the two identity numbers applicants present.

- 居民身份证号码 (GB 11643-1999): 17 digits + an ISO 7064 MOD 11-2 check character (0-9 or X).
- 统一社会信用代码 (GB 32100-2015): 17 characters + an ISO 7064 MOD 31-3 check character
  over the alphabet 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z).
"""

from datetime import date

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def resident_id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def resident_id_problem(value: str) -> str | None:
    """None when `value` is a well-formed resident ID number, else the reason in Chinese."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        return "身份证号码应为18位"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号码前17位应为数字，末位为数字或X"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号码中的出生日期无效"
    if resident_id_check_char(value[:17]) != value[17]:
        return "身份证号码校验位不正确"
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """None when `value` is a well-formed unified social credit code, else the reason."""
    value = (value or "").strip().upper()
    if len(value) != 18:
        return "统一社会信用代码应为18位"
    if any(c not in USCC_ALPHABET for c in value):
        return "统一社会信用代码含有无效字符（不使用I、O、S、V、Z）"
    if not value[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划码"
    if uscc_check_char(value[:17]) != value[17]:
        return "统一社会信用代码校验位不正确"
    return None
