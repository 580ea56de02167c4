"""The public progress lookup: case number plus the last 4 characters of the ID or phone."""

import pytest
from django.core.cache import cache

from .test_pages_support import text


@pytest.fixture(autouse=True)
def _no_failures_counted():
    cache.clear()
    yield
    cache.clear()


def lookup(client, number, tail, url="/cases/progress/"):
    return client.post(url, {"number": number, "tail": tail})


def test_the_right_tail_shows_the_progress_without_personal_data(client, accepted, applicant):
    case = accepted()
    response = lookup(client, case.number, applicant.id_number[-4:])
    page = text(response)
    assert response.status_code == 200
    assert case.title in page and "已受理" in page and "区市场监督管理局" in page
    assert "张*" in page and "张三" not in page
    assert applicant.id_number not in page and applicant.phone not in page
    assert "受理" in page.split("办理进度", 1)[1]  # the public timeline
    assert lookup(client, case.number, applicant.phone[-4:]).status_code == 200


def test_a_wrong_tail_and_an_unknown_number_look_the_same(client, accepted):
    case = accepted()
    wrong_tail = lookup(client, case.number, "9999")
    unknown = lookup(client, "500199-20000101-99999", "9999")
    assert wrong_tail.status_code == unknown.status_code == 404
    assert "未找到" in text(wrong_tail) and case.title not in text(wrong_tail)
    assert text(wrong_tail).replace(case.number, "N") == text(unknown).replace(
        "500199-20000101-99999", "N"
    )


def test_the_qr_code_address_prefills_the_number(client, accepted, applicant):
    case = accepted()
    page = client.get(f"/cases/progress/{case.number}/").content.decode()
    assert f'value="{case.number}"' in page
    response = lookup(client, case.number, applicant.id_number[-4:].lower(), url=f"/cases/progress/{case.number}/")  # fmt: skip
    assert response.status_code == 200 and case.title in text(response)


def test_too_many_failed_lookups_are_slowed_down(client, accepted):
    case = accepted()
    for _ in range(20):
        assert lookup(client, case.number, "8765").status_code == 404
    assert lookup(client, case.number, "8765").status_code == 429


def test_the_lookup_form_asks_for_four_characters(client, db):
    response = lookup(client, "500199-20260101-00001", "12")
    assert response.status_code == 422
