import pytest

from onewindow.lib.identity import (
    resident_id_check_char,
    resident_id_problem,
    uscc_check_char,
    uscc_problem,
)


def test_a_published_sample_resident_id_passes():
    # The worked example of GB 11643-1999.
    assert resident_id_check_char("11010519491231002") == "X"
    assert resident_id_problem("11010519491231002X") is None
    assert resident_id_problem("11010519491231002x") is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1101051949123100", "18位"),
        ("11010519491231002A", "末位"),
        ("110105194913310029", "出生日期"),
        ("110105194912310021", "校验位"),
    ],
)
def test_a_bad_resident_id_says_why(value, reason):
    assert reason in resident_id_problem(value)


def test_a_published_sample_credit_code_passes():
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_problem("91350100M000100Y43") is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("91350100M000100Y4", "18位"),
        ("91350100M000100I43", "无效字符"),
        ("913501X0M000100Y43", "行政区划码"),
        ("91350100M000100Y44", "校验位"),
    ],
)
def test_a_bad_credit_code_says_why(value, reason):
    assert reason in uscc_problem(value)
