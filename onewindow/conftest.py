"""Fixtures shared by every app's tests."""

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from onewindow.lib import memo, workdays


def pytest_configure(config):
    # Tests create many users; a deliberately slow password hash only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_calendar():
    # A test's holiday rows vanish with its rolled-back transaction, which sends no
    # signal: rebuild the in-memory calendar around every test.
    workdays.invalidate()
    cache.clear()  # cached reads (the district's name, the calendar version) belong to one test
    memo.clear_all()  # so do the in-process caches (API tokens, the catalog's hot rows)
    # Tests with transaction=True flush every table, content types included: ids cached in
    # this process would point at rows that no longer exist.
    ContentType.objects.clear_cache()
    yield
    workdays.invalidate()
    memo.clear_all()


@pytest.fixture
def api_client(client):
    """The Django test client; API calls pass `content_type="application/json"`."""
    return client


def pytest_collection_modifyitems(config, items):
    # A transactional test that flushes without serialized_rollback re-creates content types
    # that the next serialized restore collides with (and drops the seeded roles and calendar).
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


@pytest.fixture
def browser(monkeypatch):
    """Debian's headless Chromium driven by Playwright, for the browser journeys; skipped
    where either is missing. Playwright's sync API runs an event loop in this thread, so
    the ORM calls the journeys make between page steps must be allowed there."""
    import shutil

    sync_api = pytest.importorskip("playwright.sync_api")
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
