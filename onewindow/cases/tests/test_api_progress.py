"""The public progress query: the case number plus the last four characters of the
applicant's ID number or phone, without logging in, and nothing personal in the answer."""

import pytest
from django.core.cache import cache

from onewindow.cases.api import public

from .test_api_support import Api


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle counts in the cache, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


def test_the_progress_is_public_with_the_id_tail(client, accepted, applicant):
    case = accepted()
    body = Api(client).get("/progress", number=case.number, tail=applicant.id_number[-4:])
    assert body["number"] == case.number and body["title"] == "公共场所卫生许可"
    assert body["status_label"] == "已受理" and body["signal"] == "GREEN"
    assert body["applicant_name"] == "张*"
    assert [s["name"] for s in body["steps"]] == ["提交申请", "已预审", "已受理"]
    raw = str(body)
    for private in (applicant.id_number, applicant.phone, "clerk", "form_data", "opinion"):
        assert private not in raw


def test_the_phone_tail_works_too_and_a_lower_case_x(client, accepted, applicant):
    case = accepted()
    api = Api(client)
    assert api.get("/progress", number=case.number, tail="0000")["number"] == case.number
    tail = applicant.id_number[-4:].lower()
    api.get("/progress", number=case.number, tail=tail)


def test_a_wrong_tail_looks_exactly_like_an_unknown_number(client, accepted):
    case = accepted()
    api = Api(client)
    wrong = api.get("/progress", number=case.number, tail="9999", expect=404)
    unknown = api.get("/progress", number="500199-20000101-99999", tail="9999", expect=404)
    assert wrong == unknown and wrong["code"] == "case_not_found"


def test_a_malformed_query_is_a_422(client, db):
    api = Api(client)
    assert api.get("/progress", number="x", tail="12", expect=422)["code"] == "invalid_input"
    api.get("/progress", tail="1234", expect=422)


def test_guessing_is_stopped_after_a_few_failures(client, accepted, applicant, monkeypatch):
    monkeypatch.setattr(public, "MAX_FAILURES", 3)
    api, case = Api(client), accepted()
    for _ in range(5):  # looking up one's own case never counts
        api.get("/progress", number=case.number, tail=applicant.id_number[-4:])
    for _ in range(3):
        api.get("/progress", number=case.number, tail="1234", expect=404)
    body = api.get("/progress", number=case.number, tail=applicant.id_number[-4:], expect=429)
    assert body["code"] == "throttled" and "次数过多" in body["message"]


def test_names_are_masked_enough_to_recognise_not_to_identify():
    assert public.mask_name("张三", "PERSON") == "张*"
    assert public.mask_name("欧阳小明", "PERSON") == "欧***"
    assert public.mask_name("李", "PERSON") == "李*"
    assert (
        public.mask_name("重庆清江山城味道餐饮管理有限公司", "ORGANISATION") == "重庆****有限公司"
    )
