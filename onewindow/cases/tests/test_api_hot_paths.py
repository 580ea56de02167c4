"""Submission and acceptance answer without reading the case back, and read the catalog
from memory (onewindow.catalog.cache): the answers must be what a read gives, and a
catalog change must be seen by the next request.

The first group runs in a test transaction like the rest of the suite; the second commits,
as requests do, because a transaction that wrote catalog rows learns nothing (lib.memo)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.cases.api.intake import applicant_by_id
from onewindow.cases.models import Applicant, Case, CaseCounter
from onewindow.catalog import services as catalog

from .conftest import GOOD_FORM
from .test_api_support import Api, window_submission


def by_id(applicant, **extra) -> dict:
    """A window submission naming a registered applicant (the path with no outer transaction)."""
    body = window_submission(**extra)
    del body["applicant"]
    return body | {"applicant_id": applicant.pk}


def assert_reads_back(api, answer, user):
    assert answer == api.get(f"/{answer['number']}", user=user)


# ---- answers built from memory ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("registered", [True, False])
def test_a_submission_answers_what_the_detail_reads(client, people, applicant, registered):
    api, clerk = Api(client), people["clerk"]
    body = by_id(applicant) if registered else window_submission()
    answer = api.post("", body, user=clerk, expect=201)
    assert [m["name"] for m in answer["materials"]] == ["申请书", "营业执照", "卫生检测报告"]
    assert answer["allowed_actions"] == ["pre_review", "withdraw"]
    assert_reads_back(api, answer, clerk)


@pytest.mark.django_db
def test_an_applicant_named_by_id_is_read_as_the_orm_reads_it(client, people, applicant):
    def fields(row):
        return {k: v for k, v in vars(row).items() if k != "_state"}

    assert fields(applicant_by_id(applicant.pk)) == fields(Applicant.objects.get(pk=applicant.pk))
    api, clerk = Api(client), people["clerk"]
    for unknown in (applicant.pk + 1000, 2**63, -(2**70)):
        body = by_id(applicant) | {"applicant_id": unknown}
        assert api.post("", body, user=clerk, expect=404)["code"] == "applicant_not_found"
    # Nothing was written for them, not even a case number of the day.
    assert not Case.objects.exists() and not CaseCounter.objects.exists()


@pytest.mark.django_db
def test_a_bundle_and_an_online_submission_answer_what_the_detail_reads(client, people, applicant):
    api = Api(client)
    bundle = {"bundle_code": "open-shop", "channel": "ONLINE", "form_data": GOOD_FORM}
    assert_reads_back(
        api, api.post("", bundle, user=people["citizen"], expect=201), people["citizen"]
    )


@pytest.mark.django_db
def test_an_acceptance_answers_what_the_detail_reads(client, people, applicant):
    api, clerk = Api(client), people["clerk"]
    number = api.post("", by_id(applicant), user=clerk, expect=201)["number"]
    api.post(f"/{number}/pre-review", {}, user=clerk)
    answer = api.post(f"/{number}/accept", user=clerk)
    assert answer["status"] == "ACCEPTED" and answer["due_at"]
    assert [(r["department"]["code"], r["step"]) for r in answer["reviews"]] == [
        ("SCJG", 1), ("XF", 1), ("SCJG", 2)
    ]  # fmt: skip
    assert [n["kind"] for n in answer["notices"]] == ["ACCEPTANCE"]
    assert_reads_back(api, answer, clerk)


@pytest.mark.django_db
def test_an_acceptance_after_a_supplement_numbers_and_lists_every_notice(client, people, applicant):
    api, clerk = Api(client), people["clerk"]
    number = api.post("", by_id(applicant), user=clerk, expect=201)["number"]
    checks = [{"name": "营业执照", "result": "MISSING"}]
    api.post(f"/{number}/pre-review", {"checks": checks}, user=clerk)
    items = [{"name": "营业执照", "problem": "缺少"}]
    api.post(f"/{number}/supplement-request", {"items": items}, user=clerk)
    api.post(f"/{number}/supplement", {"materials": [{"name": "营业执照"}]}, user=clerk)
    answer = api.post(f"/{number}/accept", user=clerk)
    assert [n["kind"] for n in answer["notices"]] == ["SUPPLEMENT", "ACCEPTANCE"]
    assert answer["notices"][1]["number"] == f"受〔{number}〕1号"
    assert_reads_back(api, answer, clerk)


@pytest.mark.django_db
def test_an_acceptance_the_caller_may_not_make_is_refused_before_anything_changes(
    client, people, applicant
):
    api, clerk = Api(client), people["clerk"]
    number = api.post("", by_id(applicant), user=clerk, expect=201)["number"]
    api.post(f"/{number}/pre-review", {}, user=clerk)
    api.post(f"/{number}/accept", user=people["outlet_clerk"], expect=404)  # cannot see it
    api.post(f"/{number}/accept", user=people["supervisor"], expect=403)  # sees, may not act
    api.post("/NO-SUCH-CASE/accept", user=clerk, expect=404)
    assert Case.objects.get(number=number).status == "PRE_REVIEWED"


# ---- the catalog in memory (committing tests) ----------------------------------------------

committing = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def catalog_reads(*contexts) -> list[str]:
    sqls = [q["sql"] for ctx in contexts for q in ctx.captured_queries]
    return [sql for sql in sqls if 'FROM "catalog_' in sql]


@committing
def test_a_second_submission_and_acceptance_read_no_catalog_row(client, people, applicant):
    api, clerk = Api(client), people["clerk"]
    for expect_catalog_reads in (True, False):
        with CaptureQueriesContext(connection) as submitted:
            number = api.post("", by_id(applicant), user=clerk, expect=201)["number"]
        api.post(f"/{number}/pre-review", {}, user=clerk)
        with CaptureQueriesContext(connection) as accepted:
            api.post(f"/{number}/accept", user=clerk)
        reads = catalog_reads(submitted, accepted)
        assert bool(reads) is expect_catalog_reads, reads
    sqls = [q["sql"] for q in submitted.captured_queries + accepted.captured_queries]
    token_reads = [sql for sql in sqls if 'FROM "accounts_apitoken"' in sql]
    assert token_reads == []


@committing
def test_a_new_version_of_a_matter_is_used_by_the_next_submission(
    client, people, applicant, district
):
    api, clerk = Api(client), people["clerk"]
    first = api.post("", by_id(applicant), user=clerk, expect=201)
    draft = catalog.matter_start_revision(
        matter=district["licence"], actor=None,
        changes={"name": "公共场所卫生许可（新）", "promised_limit_days": 7},
    )  # fmt: skip
    catalog.matter_publish(matter=draft, actor=None)
    second = api.post("", by_id(applicant), user=clerk, expect=201)
    assert (first["title"], second["title"]) == ("公共场所卫生许可", "公共场所卫生许可（新）")
    assert second["promised_limit_days"] == 7
    assert Case.objects.get(number=second["number"]).matter_id == draft.pk


@committing
def test_a_service_point_entrusted_with_a_matter_takes_it_at_once(
    client, people, applicant, district
):
    api, clerk, body = Api(client), people["outlet_clerk"], by_id(applicant)  # at the post office
    refused = api.post("", body, user=clerk, expect=409)
    assert refused["code"] == "service_point_not_entrusted"
    district["outlet"].matters.add(district["licence"])
    api.post("", body, user=clerk, expect=201)
    district["outlet"].matters.remove(district["licence"])
    api.post("", body, user=clerk, expect=409)


@committing
def test_a_retry_in_its_own_transaction_answers_with_the_first_case(client, people, applicant):
    api, clerk, key = Api(client), people["clerk"], {"HTTP_IDEMPOTENCY_KEY": "retry-committed"}
    first = api.post("", by_id(applicant), user=clerk, headers=key, expect=201)
    again = api.post("", by_id(applicant), user=clerk, headers=key, expect=200)
    assert again == api.get(f"/{first['number']}", user=clerk)
    assert Case.objects.count() == 1
    other = by_id(
        applicant, matter="QR-003", form_data={"applicant_name": "张三", "phone": "13800000000"}
    )
    reused = api.post("", other, user=clerk, headers=key, expect=422)
    assert reused["code"] == "idempotency_key_reused" and Case.objects.count() == 1


@committing
def test_a_renamed_department_is_named_so_by_the_next_acceptance(
    client, people, applicant, district
):
    api, clerk = Api(client), people["clerk"]
    numbers = [api.post("", by_id(applicant), user=clerk, expect=201)["number"] for _ in range(2)]
    for number in numbers:
        api.post(f"/{number}/pre-review", {}, user=clerk)
    assert (
        api.post(f"/{numbers[0]}/accept", user=clerk)["lead_department"]["name"]
        == "区市场监督管理局"
    )
    food = district["food"]
    food.name = "区市场监管局"
    food.save()
    answer = api.post(f"/{numbers[1]}/accept", user=clerk)
    assert answer["lead_department"]["name"] == "区市场监管局"
    assert {r["department"]["name"] for r in answer["reviews"]} == {
        "区市场监管局",
        "区消防救援大队",
    }
    assert answer == api.get(f"/{numbers[1]}", user=clerk)
