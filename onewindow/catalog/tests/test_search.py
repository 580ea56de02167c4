"""What people type finds the right bundle or matter, on the test catalog and on the demo."""

import pytest
from django.core.management import call_command, get_commands
from django.db import transaction
from django.utils import timezone

from onewindow.catalog import search
from onewindow.catalog.models import Bundle, Matter
from onewindow.catalog.services import MatterInput, matter_create, matter_retire

from .factories import fresh_search_index, make_catalog, matter_fields  # noqa: F401

DEMO_AVAILABLE = "demo" in get_commands()


@pytest.fixture(scope="class", params=["factory", "demo"])
def catalog(request, django_db_setup, django_db_blocker):
    """The catalog is loaded once per class inside a transaction that is rolled back
    (class scope: it must be gone before the tests below build their own)."""
    if request.param == "demo" and not DEMO_AVAILABLE:
        pytest.skip("the demo command is not there yet")
    with django_db_blocker.unblock(), transaction.atomic():
        if request.param == "demo":
            call_command("demo_district", verbosity=0)
        else:
            make_catalog()
        search.invalidate()
        yield request.param
        transaction.set_rollback(True)
    search.invalidate()


def top(query, n=3):
    return search.search(query, limit=n)


def describe(hits):
    return [(h.kind, h.name, h.score) for h in hits]


def name_has(hit, *words):
    return any(w in hit.name for w in words)


# (query, what a right answer looks like, what the top three must contain)
EXPECTATIONS = [
    ("开餐馆", lambda h: name_has(h, "餐馆", "餐饮", "饭店", "食品经营")),
    (
        "办营业执照",
        lambda h: name_has(h, "营业执照", "设立登记", "个体工商户", "企业开办", "开办企业"),
    ),
    ("身份证丢了", lambda h: name_has(h, "身份证") and name_has(h, "补", "挂失", "遗失")),
    ("教师资格证换证", lambda h: name_has(h, "教师资格") and name_has(h, "换", "补发")),
    (
        "生孩子要办什么",
        lambda h: h.kind == "bundle" and name_has(h, "出生", "新生儿", "生育"),
    ),
]


@pytest.mark.django_db
class TestWhatPeopleType:
    @pytest.mark.parametrize(("query", "is_right"), EXPECTATIONS, ids=[e[0] for e in EXPECTATIONS])
    def test_colloquial_query_puts_the_right_entry_in_the_top_three(self, catalog, query, is_right):
        hits = top(query)
        assert any(is_right(h) for h in hits), describe(hits)

    def test_a_life_event_question_puts_its_bundle_first(self, catalog):
        first = top("生孩子要办什么", 1)[0]
        assert first.kind == "bundle", describe(top("生孩子要办什么"))

    def test_open_a_restaurant_finds_the_bundle_or_the_food_license_first(self, catalog):
        first = top("开餐馆", 1)[0]
        assert first.kind in ("bundle", "license") or "食品经营" in first.name

    def test_hits_carry_kind_url_and_highlighted_name(self, catalog):
        hit = top("身份证丢了", 1)[0]
        assert hit.kind == "matter"
        assert hit.url == f"/matters/{hit.object.code}/"
        assert hit.kind_label == "事项"
        assert any(marked for _, marked in hit.name_parts)

    def test_gibberish_and_empty_queries_find_nothing(self, catalog):
        assert search.search("zzqqxx") == []
        assert search.search("   ") == []

    def test_full_width_input_is_understood(self, catalog):
        assert top("身份证丢了！") and top("身份证　丢了")[0].name == top("身份证丢了")[0].name

    def test_limit_is_respected(self, catalog):
        assert len(search.search("登记", limit=2)) <= 2


# --- the index follows the catalog ------------------------------------------------


@pytest.fixture
def small_catalog(db, fresh_search_index):  # noqa: F811
    return make_catalog()


def _new_matter(catalog, code, name):
    dept = catalog["departments"]["GA"]
    fields = matter_fields(code, name, "CONFIRMATION", dept, "PROMISED", 20, 10, 1, "WINDOW_ONLY")
    return matter_create(data=MatterInput(fields=fields), actor=None, publish=True)


def test_a_newly_published_matter_is_found_at_once(small_catalog):
    assert not top("养犬登记")
    _new_matter(small_catalog, "GA-XK-099", "养犬登记证核发")
    assert top("养犬登记")[0].name == "养犬登记证核发"


def test_a_retired_matter_disappears(small_catalog):
    matter = small_catalog["matters"]["GA-QR-002"]
    assert top("身份证丢了", 1)[0].object.pk == matter.pk
    matter_retire(matter=matter, actor=None, reason="测试")
    assert all(h.object.code != "GA-QR-002" for h in search.search("身份证丢了"))


def test_a_draft_is_never_found(small_catalog):
    dept = small_catalog["departments"]["GA"]
    fields = matter_fields(
        "GA-XK-098", "养犬登记证核发", "LICENSING", dept, "PROMISED", 20, 10, 1, "WINDOW_ONLY"
    )
    matter_create(data=MatterInput(fields=fields), actor=None)
    assert not top("养犬登记")


def test_a_change_made_by_another_process_is_seen_through_the_fingerprint(small_catalog):
    top("开餐馆")  # build the index
    generation = search._generation
    # QuerySet.update sends no signal, like a write from another process.
    Matter.objects.filter(code="GA-QR-002").update(
        name="居民身份证挂失补领", updated_at=timezone.now()
    )
    assert search._generation == generation
    assert top("身份证丢了", 1)[0].name == "居民身份证挂失补领"


def test_an_unpublished_bundle_is_not_found(small_catalog):
    Bundle.objects.filter(code="newborn").update(is_published=False)
    assert all(h.kind != "bundle" or "出生" not in h.name for h in top("生孩子要办什么", 10))


def test_search_costs_one_query_once_the_index_is_built(small_catalog, django_assert_num_queries):
    top("开餐馆")
    with django_assert_num_queries(1):
        top("身份证丢了")
