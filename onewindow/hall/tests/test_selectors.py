"""The hall's reads: board, place in line, window load and the standby advice."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from onewindow.hall import selectors, services
from onewindow.hall.models import Ticket

pytestmark = pytest.mark.django_db
MORNING = "2030-03-04 09:00 +0800"


def issue(queue, **kw):
    return services.ticket_issue(queue=queue, actor=None, **kw)


def serve(window, minutes, traveller):
    """Calls the next ticket at `window`, handles it for `minutes`, finishes it."""
    ticket = services.ticket_call_next(window=window, actor=None)
    traveller.shift(timedelta(minutes=minutes))
    services.ticket_finish(window=window, actor=None)
    return ticket


def test_the_board_shows_the_latest_calls_with_windows_and_waiting_counts(hall):
    for _ in range(3):
        issue(hall["A"])
    issue(hall["B"])
    services.ticket_call_next(window=hall["windows"][0], actor=None)
    services.ticket_call_next(window=hall["windows"][2], actor=None)
    state = selectors.board_state(hall["point"])
    assert [(c["number"], c["window"]) for c in state["calls"]] == [("B001", "3"), ("A001", "1")]
    assert {q["letter"]: q["waiting"] for q in state["queues"]} == {"A": 2, "B": 0, "V": 0}


def test_a_recall_is_a_new_call_on_the_board(hall):
    issue(hall["A"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=None)
    before = selectors.board_state(hall["point"])["calls"][0]["key"]
    services.ticket_recall(window=window, actor=None)
    assert selectors.board_state(hall["point"])["calls"][0]["key"] != before


def test_the_board_costs_two_queries(hall, django_assert_num_queries):
    for _ in range(6):
        issue(hall["A"])
    services.ticket_call_next(window=hall["windows"][0], actor=None)
    with django_assert_num_queries(2):
        selectors.board_state(hall["point"])


def test_position_counts_the_priority_lane_and_earlier_tickets_of_shared_queues(hall):
    issue(hall["A"]), issue(hall["B"])
    issue(hall["V"])
    mine = issue(hall["A"])
    position = selectors.ticket_position(mine)
    assert position.ahead == 2  # A001 and V001; B001 is not called by windows 1 and 2
    # No handling measured yet: the default of five minutes over two open windows.
    assert position.open_windows == 2
    assert position.wait_minutes == round(2 * 5 / 2)


def test_the_estimated_wait_uses_recent_handling_times(hall, settings):
    settings.HALL_DEFAULT_HANDLING_MINUTES = 30
    with time_machine.travel(MORNING, tick=False) as traveller:
        for _ in range(4):
            issue(hall["A"])
        serve(hall["windows"][0], 12, traveller)
        serve(hall["windows"][0], 8, traveller)
        last = Ticket.objects.get(number="A004")
        position = selectors.ticket_position(last)
        assert position.handling_minutes == 10
        assert (position.ahead, position.wait_minutes) == (1, 5)


def test_a_called_ticket_has_nobody_ahead(hall):
    ticket = issue(hall["A"])
    services.ticket_call_next(window=hall["windows"][0], actor=None)
    ticket.refresh_from_db()
    assert selectors.ticket_position(ticket).ahead == 0


def test_window_load_per_window_queue_and_hour(hall):
    with time_machine.travel(MORNING, tick=False) as traveller:
        issue(hall["A"]), issue(hall["A"]), issue(hall["B"])
        traveller.shift(timedelta(minutes=10))
        serve(hall["windows"][0], 6, traveller)  # A001 waited 10, handled 6
        serve(hall["windows"][0], 4, traveller)  # A002 waited 16, handled 4
        services.ticket_call_next(window=hall["windows"][2], actor=None)
        services.ticket_no_show(window=hall["windows"][2], actor=None)
        load = selectors.window_load(hall["point"], timezone.localdate())
    first = load["windows"][0]
    assert (first.called, first.handled) == (2, 2)
    assert first.avg_handling == 5 and first.avg_wait == 13
    assert first.idle_share == 0  # busy for the whole span the hall was calling
    third = load["windows"][2]
    assert (third.called, third.handled, third.avg_handling) == (1, 0, None)
    queues = {row["queue"].letter: row for row in load["queues"]}
    assert queues["A"]["issued"] == 2 and queues["A"]["waiting"] == 0
    assert load["hours"] == [
        {"hour": 9, "issued": 3, "called": 3, "avg_wait": pytest.approx(46 / 3)}
    ]


def test_standby_advice_opens_a_standby_window_of_the_busiest_queue(hall, settings):
    settings.HALL_STANDBY_OPEN_MINUTES = 10
    settings.HALL_STANDBY_MIN_WAITING = 3
    spare = hall["windows"][1]
    spare.is_open, spare.is_standby = False, True
    spare.save()
    for _ in range(5):
        issue(hall["A"])
    advice = selectors.standby_advice(hall["point"])
    assert advice.open_queue == hall["A"]
    assert advice.open_window == spare  # 5 waiting × 5 min ÷ 1 window = 25 min
    assert "建议开放" in advice.reason and "10" in advice.rule


def test_standby_advice_lets_an_idle_standby_window_close(hall):
    spare = hall["windows"][1]
    spare.is_standby = True
    spare.save()
    advice = selectors.standby_advice(hall["point"])
    assert advice.open_window is None and advice.close_window == spare


def test_standby_advice_stays_quiet_under_the_thresholds(hall):
    issue(hall["A"])
    advice = selectors.standby_advice(hall["point"])
    assert advice.open_window is None and advice.close_window is None
    assert advice.reason == "各队列等候正常，无需调整窗口。"


def test_no_open_window_means_an_unbounded_wait(hall):
    for window in hall["windows"][2:]:
        window.is_open = False
        window.save()
    for _ in range(3):
        issue(hall["B"])
    advice = selectors.standby_advice(hall["point"])
    assert advice.open_queue == hall["B"] and advice.open_window == hall["windows"][2]
