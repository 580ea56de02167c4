"""Lists cost a fixed number of queries, whatever their length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.cases import services
from onewindow.cases.models import Case


def queries_for(client, url) -> int:
    client.get(url)  # warm the in-memory catalog, calendar and session caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def add_cases(n, accepted, *, overdue=False):
    for _ in range(n):
        case = accepted()
        if overdue:  # pretend the limit ran out last week
            Case.objects.filter(pk=case.pk).update(
                due_at=case.due_at.replace(year=case.due_at.year - 1),
                warn_at=case.warn_at.replace(year=case.warn_at.year - 1),
            )


@pytest.mark.parametrize(
    "user, url, overdue",
    [
        ("food_reviewer", "/cases/inbox/", False),
        ("clerk", "/cases/workbench/", False),
        ("citizen", "/cases/mine/", False),
        ("supervisor", "/cases/overdue/", True),
        ("food_reviewer", "/cases/overdue/", True),
    ],
)
def test_a_list_costs_the_same_for_two_cases_as_for_five(
    client, people, accepted, user, url, overdue
):
    client.force_login(people[user])
    add_cases(2, accepted, overdue=overdue)
    two = queries_for(client, url)
    add_cases(3, accepted, overdue=overdue)
    five = queries_for(client, url)
    assert two == five, f"{url}: {two} queries for 2 cases, {five} for 5"
    assert five <= 12, f"{url}: {five} queries"
    assert Case.objects.count() == 5


def test_the_lists_show_the_cases(client, people, accepted):
    add_cases(2, accepted)
    add_cases(1, accepted, overdue=True)
    case = Case.objects.order_by("id").first()
    services.case_suspend(case_id=case.pk, actor=people["food_reviewer"], reason="专家评审")
    client.force_login(people["food_reviewer"])
    inbox = client.get("/cases/inbox/").content.decode()
    assert inbox.count("/cases/workbench/") == 0 and inbox.count("专家评审") == 1
    assert "红灯 1" in inbox and "绿灯 1" in inbox
    overdue = client.get("/cases/overdue/").content.decode()
    assert "个工作日" in overdue and "市场监管（审查）" in overdue
    client.force_login(people["fire_reviewer"])  # co-reviews every one of them
    assert "消防（审查）" in client.get("/cases/overdue/").content.decode()
    client.force_login(people["police_reviewer"])
    assert "没有超期办件" in client.get("/cases/overdue/").content.decode()


def test_the_inbox_puts_red_before_yellow_before_green(client, people, accepted):
    green, yellow, red = accepted(), accepted(), accepted()
    # Yellow is due after green (a longer limit warns earlier); red is past its limit.
    Case.objects.filter(pk=green.pk).update(due_at=green.due_at.replace(year=2100), warn_at=green.warn_at.replace(year=2100))  # fmt: skip
    Case.objects.filter(pk=yellow.pk).update(due_at=yellow.due_at.replace(year=2101), warn_at=yellow.warn_at.replace(year=2000))  # fmt: skip
    Case.objects.filter(pk=red.pk).update(due_at=red.due_at.replace(year=2000), warn_at=red.warn_at.replace(year=2000))  # fmt: skip
    client.force_login(people["food_reviewer"])
    page = client.get("/cases/inbox/").content.decode()
    rows = [page.index(f"{c.number}</div>") for c in (red, yellow, green)]
    assert rows == sorted(rows)
    assert "超期" in page and "signal-yellow" in page and "signal-green" in page
