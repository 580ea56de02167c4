"""Open311 GeoReport v2 with the spec's own field names, as an existing client sends and
reads them: form-encoded POST with api_key, JSON answers, errors as [{code, description}]."""

import pytest
from django.test import override_settings

from onewindow.accounts.services import token_create
from onewindow.enterprise.models import Demand
from onewindow.enterprise.services import demands as ds

pytestmark = pytest.mark.django_db

V2 = "/open311/v2"


@pytest.fixture
def keys(staff, enterprise):
    return {who: token_create(user=staff[who], name="Open311", actor=None)[1]
            for who in ("owner", "hotline", "citizen", "other_owner")}  # fmt: skip


def test_services_list_the_demand_categories(client, services):
    r = client.get(f"{V2}/services.json", {"jurisdiction_id": "qingjiang"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    first = r.json()[0]
    assert set(first) == {"service_code", "service_name", "description", "metadata", "type",
                          "keywords", "group"}  # fmt: skip
    assert (first["service_code"], first["metadata"], first["type"]) == ("land", True, "realtime")


def test_a_service_definition_lists_its_attributes(client, services):
    r = client.get(f"{V2}/services/land.json")
    assert r.json()["service_code"] == "land"
    attribute = r.json()["attributes"][0]
    assert {"variable", "code", "datatype", "required", "datatype_description", "order",
            "description"} <= set(attribute)  # fmt: skip
    missing = client.get(f"{V2}/services/nope.json")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "service_code not found: nope"}]


def test_an_enterprise_posts_a_request_with_its_api_key(client, services, keys):
    r = client.post(f"{V2}/requests.json", {
        "api_key": keys["owner"], "jurisdiction_id": "qingjiang", "service_code": "land",
        "description": "新建厂房需要 30 亩工业用地", "lat": "29.5630", "long": "106.5516",
        "address_string": "清江区工业园区B区", "first_name": "明", "last_name": "周",
        "phone": "13983000123", "email": "zhou@example.com",
    })  # fmt: skip
    assert r.status_code == 200, r.content
    [answer] = r.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    demand = Demand.objects.get(number=answer["service_request_id"])
    assert demand.channel == "OPEN311" and demand.enterprise.name == "清江智造有限公司"
    assert (demand.contact_name, str(demand.lat), demand.address_string) == (
        "周 明", "29.563000", "清江区工业园区B区",
    )  # fmt: skip


def test_the_hotline_names_the_enterprise_in_an_attribute(client, services, keys, enterprise):
    r = client.post(f"{V2}/requests.json", {
        "api_key": keys["hotline"], "service_code": "policy", "description": "补贴进度",
        "attribute[enterprise_uscc]": enterprise.id_number,
    })  # fmt: skip
    assert r.status_code == 200
    assert Demand.objects.get().enterprise == enterprise


@pytest.mark.parametrize(
    "who, change, status",
    [
        (None, {}, 403),  # no api_key
        ("bad", {}, 403),
        ("owner", {"service_code": ""}, 400),
        ("owner", {"service_code": "nope"}, 404),
        ("owner", {"description": ""}, 400),
        ("owner", {"lat": "999"}, 400),
        ("citizen", {}, 400),  # a person's key names no enterprise
        ("other_owner", {"attribute[enterprise_uscc]": "ENTERPRISE"}, 403),
    ],
)
def test_a_bad_post_answers_the_spec_s_error_list(client, services, keys, enterprise, who, change,
                                                  status):  # fmt: skip
    data = {"service_code": "land", "description": "用地"}
    if who:
        data["api_key"] = keys.get(who, "ow_not-a-key")
    data.update({k: (enterprise.id_number if v == "ENTERPRISE" else v) for k, v in change.items()})
    r = client.post(f"{V2}/requests.json", data)
    assert r.status_code == status
    [error] = r.json()
    assert error["code"] == status and error["description"]
    assert not Demand.objects.exists()


def _file_and_assign(staff, services, enterprise, district):
    d = ds.demand_file(data=ds.DemandInput(service=services["land"], description="用地需求",
                                           enterprise=enterprise), actor=staff["owner"])  # fmt: skip
    return ds.demand_assign(number=d.number, department=district["fire"], actor=staff["hotline"])


def test_requests_read_with_the_spec_s_fields(client, staff, services, enterprise, district, keys):
    d = _file_and_assign(staff, services, enterprise, district)
    r = client.get(f"{V2}/requests/{d.number}.json", {"api_key": keys["owner"]})
    [item] = r.json()
    assert item["service_request_id"] == d.number and item["status"] == "open"
    assert item["service_code"] == "land" and item["agency_responsible"] == "区消防救援大队"
    assert item["description"] == "用地需求"
    for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert item[key].endswith("+08:00")  # w3 format with the offset
    for key in ("lat", "long", "address", "media_url", "status_notes", "service_name"):
        assert key in item
    public = client.get(f"{V2}/requests/{d.number}.json").json()[0]
    assert public["description"] == "用地要素保障"  # the words are the enterprise's
    assert client.get(f"{V2}/requests/SQ0.json").json() == [
        {"code": 404, "description": "service_request_id not found: SQ0"}
    ]


def test_requests_filter_by_status_service_and_id(client, staff, services, enterprise, district):
    open_one = _file_and_assign(staff, services, enterprise, district)
    closed = _file_and_assign(staff, services, enterprise, district)
    ds.demand_resolve(number=closed.number, resolution="已解决", actor=staff["fire_reviewer"])
    numbers = lambda r: [x["service_request_id"] for x in r.json()]  # noqa: E731
    assert numbers(client.get(f"{V2}/requests.json", {"status": "open"})) == [open_one.number]
    assert numbers(client.get(f"{V2}/requests.json", {"status": "closed"})) == [closed.number]
    assert len(client.get(f"{V2}/requests.json", {"status": "open,closed"}).json()) == 2
    assert client.get(f"{V2}/requests.json", {"service_code": "policy"}).json() == []
    ids = client.get(f"{V2}/requests.json", {"service_request_id": f"{closed.number},SQ0",
                                              "status": "open"})  # fmt: skip
    assert numbers(ids) == [closed.number]  # ids win over the other parameters
    assert client.get(f"{V2}/requests.json", {"start_date": "2000-01-01T00:00:00Z",
                                               "end_date": "2000-02-01T00:00:00Z"}).json() == []  # fmt: skip
    assert client.get(f"{V2}/requests.json", {"status": "pending"}).status_code == 400
    assert client.get(f"{V2}/requests.json", {"start_date": "yesterday"}).status_code == 400


def test_only_json_and_a_known_jurisdiction(client, services):
    assert client.get(f"{V2}/services.xml").status_code == 400
    with override_settings(OPEN311_JURISDICTION_ID="qingjiang"):
        assert (
            client.get(f"{V2}/services.json", {"jurisdiction_id": "qingjiang"}).status_code == 200
        )
        r = client.get(f"{V2}/services.json", {"jurisdiction_id": "elsewhere"})
        assert r.status_code == 404 and r.json()[0]["code"] == 404


def test_the_request_list_costs_the_same_for_one_as_for_four(
    client, staff, services, enterprise, district, keys, django_assert_max_num_queries
):
    _file_and_assign(staff, services, enterprise, district)
    client.get(f"{V2}/requests.json", {"api_key": keys["hotline"]})
    for _ in range(3):
        _file_and_assign(staff, services, enterprise, district)
    with django_assert_max_num_queries(3):  # token (cached), demands with their joins
        r = client.get(f"{V2}/requests.json", {"api_key": keys["hotline"]})
    assert len(r.json()) == 4


def test_discovery_names_the_endpoint_and_its_format(client):
    body = client.get(f"{V2}/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["application/json"] and body["changeset"]
