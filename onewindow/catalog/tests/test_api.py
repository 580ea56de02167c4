"""The public read API of the catalog (/api/v1/catalog/...)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.catalog.services import matter_revise

from .factories import add_filler, fresh_search_index, make_catalog  # noqa: F401

pytestmark = pytest.mark.usefixtures("fresh_search_index")
API = "/api/v1/catalog"


@pytest.fixture
def catalog(db):
    return make_catalog()


def get(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_matters_are_listed_without_logging_in_and_paginated(client, catalog):
    body = get(client, "/matters?page_size=5")
    assert body["count"] == 16
    assert len(body["items"]) == 5
    first = body["items"][0]
    assert first["department"]["code"] == "GA"
    assert first["url"] == f"/matters/{first['code']}/"
    assert get(client, "/matters?page=4&page_size=5")["items"][0]["code"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("department=JY", {"JY-XK-001", "JY-QT-002"}),
        ("theme=retire", {"RS-GG-001"}),
        ("type=BENEFIT", {"YB-JF-001"}),
        ("level=COUNTY&department=RS", {"RS-GG-001"}),
        ("level=VILLAGE", set()),
    ],
)
def test_matters_can_be_filtered(client, catalog, query, expected):
    assert {m["code"] for m in get(client, f"/matters?{query}")["items"]} == expected


def test_matters_q_ranks_by_relevance(client, catalog):
    items = get(client, "/matters?q=身份证丢了")["items"]
    assert items[0]["code"] == "GA-QR-002"


def test_an_unknown_filter_value_is_refused(client, catalog):
    body = get(client, "/matters?level=GALAXY", status=422)
    assert body["code"] == "invalid_input"


def test_matter_detail_has_materials_steps_and_the_guide(client, catalog):
    body = get(client, "/matters/SC-XK-003")
    assert body["name"] == "食品经营许可"
    assert body["fee"] == "许可证工本费 10 元/证"
    assert body["compression_rate"] == pytest.approx(0.75)
    assert [m["name"] for m in body["materials"]][:2] == ["营业执照", "居民身份证"]
    assert {s["kind"] for s in body["steps"]} == {"PROCESS", "SPECIAL"}
    assert body["form_fields"][0]["key"] == "applicant_name"


def test_chinese_is_not_escaped(client, catalog):
    response = client.get(API + "/matters/SC-XK-003")
    assert "食品经营许可".encode() in response.content
    assert b"\\u" not in response.content


def test_an_unknown_code_is_404_with_the_shared_error_body(client, catalog):
    body = get(client, "/matters/NOPE", status=404)
    assert body == {"code": "matter_not_found", "message": "未找到事项 NOPE", "details": None}
    assert get(client, "/matters/NOPE/versions", status=404)["code"] == "matter_not_found"
    assert get(client, "/bundles/nope", status=404)["code"] == "bundle_not_found"


def test_versions_are_listed_newest_first(client, catalog):
    matter_revise(
        matter=catalog["matters"]["SC-XK-003"], changes={"promised_limit_days": 3}, actor=None
    )
    versions = get(client, "/matters/SC-XK-003/versions")
    assert [(v["version"], v["is_current"]) for v in versions] == [(2, True), (1, False)]
    assert versions[1]["status"] == "SUPERSEDED"
    assert get(client, "/matters/SC-XK-003")["promised_limit_days"] == 3


def test_departments_and_themes_with_counts(client, catalog):
    departments = {d["code"]: d for d in get(client, "/departments")}
    assert departments["GA"]["matter_count"] == 4
    themes = get(client, "/themes?audience=ENTERPRISE")
    assert {t["code"] for t in themes} == {"startup", "permits"}


def test_bundles_list_and_detail_with_merged_form_and_materials(client, catalog):
    bundles = {b["code"]: b for b in get(client, "/bundles")}
    assert bundles["restaurant"]["matter_count"] == 3
    assert bundles["restaurant"]["industry_license"] == "catering"
    body = get(client, "/bundles/restaurant")
    assert [m["code"] for m in body["matters"]] == ["SC-XK-002", "SC-XK-003", "XF-XK-001"]
    keys = [f["key"] for f in body["form"]]
    assert len(keys) == len(set(keys))
    shop = next(f for f in body["form"] if f["key"] == "shop_name")
    assert shop["matters"] == ["SC-XK-002", "SC-XK-003", "XF-XK-001"]
    names = [m["name"] for m in body["materials"]]
    assert names.count("营业执照") == 1
    licence = next(m for m in body["materials"] if m["name"] == "营业执照")
    assert licence["matters"] == ["SC-XK-003", "XF-XK-001"]
    assert licence["produced_by"] == "SC-XK-002"
    id_card = next(m for m in body["materials"] if m["name"] == "居民身份证")
    assert id_card["produced_by"] is None


def test_industry_licenses(client, catalog):
    (lic,) = get(client, "/industry-licenses")
    assert lic["license_name"] == "餐饮行业综合许可证"
    assert lic["bundle"] == "restaurant" and lic["matter_count"] == 3


def test_search(client, catalog):
    hits = get(client, "/search?q=生孩子要办什么&limit=3")
    assert hits[0]["kind"] == "bundle" and hits[0]["code"] == "newborn"
    assert hits[0]["kind_label"] == "一件事"
    assert len(hits) <= 3
    assert get(client, "/search", status=422)["code"] == "invalid_input"


@pytest.mark.parametrize("path", ["/matters", "/departments", "/themes", "/bundles"])
def test_lists_cost_the_same_queries_whatever_the_catalog_size(
    client, catalog, path, django_assert_num_queries
):
    add_filler(catalog, 3)
    with CaptureQueriesContext(connection) as small:
        get(client, path)
    expected = len(small)
    add_filler(catalog, 15)
    with django_assert_num_queries(expected):
        get(client, path)
