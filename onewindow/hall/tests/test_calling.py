"""Issuing and calling tickets: numbers, calling order, and what a window may do."""

import pytest
import time_machine

from onewindow.audit.models import AuditEvent
from onewindow.hall import services
from onewindow.hall.choices import Rank, TicketStatus
from onewindow.hall.models import Ticket
from onewindow.lib.errors import Conflict, InvalidInput

from .test_api import _case as case_at

pytestmark = pytest.mark.django_db


def issue(queue, **kw):
    return services.ticket_issue(queue=queue, actor=None, **kw)


def test_numbers_are_readable_and_count_per_queue_and_day(hall):
    assert [issue(hall["A"]).number for _ in range(3)] == ["A001", "A002", "A003"]
    assert issue(hall["B"]).number == "B001"
    with time_machine.travel("2030-01-02 09:00 +0800"):
        assert issue(hall["A"]).number == "A001"  # a new day starts again


def test_the_priority_lane_comes_first_then_appointments_then_first_come(hall):
    walk_in = issue(hall["A"])
    later_walk_in = issue(hall["A"])
    appointment_ticket = Ticket.objects.filter(pk=issue(hall["A"]).pk)
    appointment_ticket.update(rank=Rank.APPOINTMENT)
    elderly = issue(hall["V"])
    window = hall["windows"][0]
    called = []
    for _ in range(4):
        ticket = services.ticket_call_next(window=window, actor=None)
        called.append(ticket.number)
        services.ticket_finish(window=window, actor=None)
    assert called == [elderly.number, "A003", walk_in.number, later_walk_in.number]


def test_a_window_calls_only_from_its_queues(hall):
    issue(hall["B"])
    assert services.ticket_call_next(window=hall["windows"][0], actor=None) is None
    assert services.ticket_call_next(window=hall["windows"][2], actor=None).number == "B001"


def test_a_window_holds_one_ticket_at_a_time(hall):
    issue(hall["A"]), issue(hall["A"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=None)
    with pytest.raises(Conflict) as caught:
        services.ticket_call_next(window=window, actor=None)
    assert caught.value.code == "window_busy"
    assert Ticket.objects.filter(status=TicketStatus.WAITING).count() == 1  # nothing lost


def test_recall_no_show_and_finish(hall):
    issue(hall["A"]), issue(hall["A"])
    window = hall["windows"][0]
    first = services.ticket_call_next(window=window, actor=None)
    assert services.ticket_recall(window=window, actor=None).call_count == 2
    services.ticket_no_show(window=window, actor=None)
    assert Ticket.objects.get(pk=first.pk).status == TicketStatus.NO_SHOW
    services.ticket_call_next(window=window, actor=None)
    services.ticket_start(window=window, actor=None)
    done = services.ticket_finish(window=window, actor=None)
    assert done.status == TicketStatus.DONE and done.finished_at
    with pytest.raises(Conflict):
        services.ticket_recall(window=window, actor=None)


def test_a_transfer_keeps_the_persons_place_in_time(hall):
    first = issue(hall["A"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=None)
    issue(hall["B"])  # someone who came later to queue B
    moved = services.ticket_transfer(window=window, to_queue=hall["B"], actor=None)
    assert moved.number == "B002" and moved.issued_at == first.issued_at
    assert services.ticket_call_next(window=hall["windows"][2], actor=None).pk == moved.pk
    with pytest.raises(Conflict):
        services.ticket_transfer(window=window, to_queue=hall["B"], actor=None)


def test_a_transfer_to_the_same_queue_is_refused(hall):
    issue(hall["A"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=None)
    with pytest.raises(InvalidInput):
        services.ticket_transfer(window=window, to_queue=hall["A"], actor=None)


def test_a_closed_window_calls_nobody_and_a_busy_window_cannot_close(hall):
    issue(hall["A"])
    window = hall["windows"][0]
    services.ticket_call_next(window=window, actor=None)
    with pytest.raises(Conflict):
        services.window_set_open(window=window, is_open=False, actor=None)
    services.ticket_finish(window=window, actor=None)
    services.window_set_open(window=window, is_open=False, actor=None)
    window.refresh_from_db()
    issue(hall["A"])
    with pytest.raises(Conflict):
        services.ticket_call_next(window=window, actor=None)


def test_finish_and_call_ends_the_open_ticket_and_calls_the_next_in_one_step(hall):
    issue(hall["A"]), issue(hall["A"])
    window, case = hall["windows"][0], case_at(hall)
    first = services.ticket_call_next(window=window, actor=None)
    finished, called = services.ticket_finish_and_call(window=window, actor=None, case=case)
    assert (finished.number, called.number) == ("A001", "A002")
    first.refresh_from_db()
    assert (first.status, first.case_id) == (TicketStatus.DONE, case.pk) and first.finished_at
    assert called.status == TicketStatus.CALLED and called.window_id == window.pk
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("ticket.finish") == 1 and actions.count("ticket.call") == 2
    # The last one: finished, and nobody left to call.
    finished, called = services.ticket_finish_and_call(window=window, actor=None)
    assert finished.number == "A002" and called is None
    assert not Ticket.objects.filter(status__in=("CALLED", "SERVING")).exists()


def test_finish_and_call_at_an_idle_window_just_calls_and_a_closed_one_does_nothing(hall):
    issue(hall["A"])
    window = hall["windows"][0]
    finished, called = services.ticket_finish_and_call(window=window, actor=None)
    assert finished is None and called.number == "A001"
    window.is_open = False
    with pytest.raises(Conflict) as caught:
        services.ticket_finish_and_call(window=window, actor=None)
    assert caught.value.code == "window_closed"
    assert Ticket.objects.get(number="A001").status == TicketStatus.CALLED  # not finished
