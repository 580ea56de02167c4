"""The in-process cache under the token and catalog caches: what it keeps, and when it
forgets. No clocks are waited on: time is the module's monotonic(), replaced."""

import pytest
from django.core.cache import cache as shared_cache

from onewindow.lib import memo


class Loads:
    """A loader that counts its calls and answers from a dict."""

    def __init__(self, **rows):
        self.rows, self.calls = rows, 0

    def __call__(self, key):
        def load():
            self.calls += 1
            return self.rows.get(key)

        return load


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(memo, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def fresh(monkeypatch):
    # Outside a transaction on_commit runs at once; without a database it would ask one.
    monkeypatch.setattr(memo.transaction, "on_commit", lambda func: func())
    shared_cache.clear()
    made = []

    def make(name="test", ttl=30.0, recheck=1.0):
        made.append(memo.ProcessCache(name, ttl=ttl, recheck=recheck))
        return made[-1]

    yield make
    for c in made:
        memo._ALL.remove(c)


def test_a_hit_is_kept_and_a_miss_is_asked_again(fresh, clock):
    c, loads = fresh(), Loads(a="A")
    assert [c.get("a", loads("a")) for _ in range(3)] == ["A"] * 3
    assert loads.calls == 1
    assert c.get("b", loads("b")) is None and c.get("b", loads("b")) is None
    assert loads.calls == 3


def test_entries_expire_after_the_ttl(fresh, clock):
    c, loads = fresh(ttl=30.0), Loads(a="A")
    c.get("a", loads("a"))
    clock[0] += 29.9
    c.get("a", loads("a"))
    assert loads.calls == 1
    clock[0] += 0.2
    c.get("a", loads("a"))
    assert loads.calls == 2


def test_a_change_clears_this_process_and_tells_the_others(fresh, clock):
    here, there = fresh("shared"), fresh("shared")  # two processes, one shared cache
    loads_here, loads_there = Loads(a="A"), Loads(a="A")
    here.get("a", loads_here("a"))
    there.get("a", loads_there("a"))
    here.changed()  # outside a transaction: published at once
    here.get("a", loads_here("a"))
    assert loads_here.calls == 2
    there.get("a", loads_there("a"))
    assert loads_there.calls == 1, "the other process looks at the version only every recheck"
    clock[0] += 1.0
    there.get("a", loads_there("a"))
    assert loads_there.calls == 2


def test_a_value_loaded_while_a_change_happened_is_not_kept(fresh, clock):
    c = fresh()

    def racing_load():
        c.changed()  # another thread's change lands while this load is reading the old row
        return "old"

    assert c.get("a", racing_load) == "old"
    assert c.get("a", lambda: "new") == "new"


@pytest.mark.django_db
def test_a_transaction_that_changed_rows_learns_nothing_until_it_ends(fresh, clock, monkeypatch):
    monkeypatch.setattr(memo.transaction, "on_commit", lambda func: None)  # never committed
    # A test runs inside a transaction: its own writes are uncommitted and will roll back.
    c, loads = fresh(), Loads(a="A")
    c.get("a", loads("a"))
    c.get("a", loads("a"))
    assert loads.calls == 1, "reads in a transaction that wrote nothing are kept"
    c.changed()
    c.get("a", loads("a"))
    c.get("a", loads("a"))
    assert loads.calls == 3, "after a change in this transaction, every look-up reads through"


def test_clear_all_forgets_every_cache(fresh, clock):
    c, loads = fresh(), Loads(a="A")
    c.get("a", loads("a"))
    memo.clear_all()
    c.get("a", loads("a"))
    assert loads.calls == 2
