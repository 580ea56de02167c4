"""Many windows calling, and many kiosks issuing, at the same instant (PostgreSQL, real threads)."""

import threading
from collections import Counter

import pytest
from django.db import connection

from onewindow.catalog.models import Window
from onewindow.hall import services
from onewindow.hall.models import Ticket
from onewindow.lib.testing import at_once

WINDOWS = 24
TICKETS = 480

pytestmark = [
    # serialized_rollback: the next transactional test must find the seeded rows again, and
    # a flush without it re-creates content types that a serialized restore then collides with.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _windows_and_tickets(hall) -> tuple[list[Window], set[int]]:
    """WINDOWS windows serving queue A, and the ids of TICKETS tickets waiting in it."""
    point, queue = hall["point"], hall["A"]
    windows = [
        Window.objects.create(
            service_point=point, number=f"9{i:02d}", name=f"并发窗口{i}", kind="COMPREHENSIVE"
        )
        for i in range(WINDOWS)
    ]
    queue.windows.add(*windows)
    issued = {services.ticket_issue(queue=queue, actor=None).pk for _ in range(TICKETS)}
    return windows, issued


def test_windows_calling_at_once_never_share_or_skip_a_ticket(hall):
    windows, issued = _windows_and_tickets(hall)
    called: list[int] = []
    lock = threading.Lock()

    def window_works(i):
        window = windows[i]
        while True:
            ticket = services.ticket_call_next(window=window, actor=None)
            if ticket is None:
                return
            with lock:
                called.append(ticket.pk)
            services.ticket_finish(window=window, actor=None)

    at_once(WINDOWS, window_works)
    duplicates = [pk for pk, n in Counter(called).items() if n > 1]
    assert duplicates == []
    assert set(called) == issued  # none skipped, none lost
    assert Ticket.objects.filter(status="DONE").count() == TICKETS


def test_windows_finishing_and_calling_at_once_never_share_or_skip_a_ticket(hall):
    """办结并叫下一位 from every window at once: each statement finishes the window's ticket
    and claims the next, in one round trip."""
    windows, issued = _windows_and_tickets(hall)
    called: list[int] = []
    lock = threading.Lock()

    def window_works(i):
        while True:
            _, ticket = services.ticket_finish_and_call(window=windows[i], actor=None)
            if ticket is None:
                return
            with lock:
                called.append(ticket.pk)

    at_once(WINDOWS, window_works)
    assert [pk for pk, n in Counter(called).items() if n > 1] == []
    assert set(called) == issued  # none skipped, none lost
    assert Ticket.objects.filter(status="DONE").count() == TICKETS  # the last ones too


def test_kiosks_issuing_at_once_never_share_a_number(hall):
    queue = hall["A"]
    per_kiosk = 25

    def kiosk(i):
        for _ in range(per_kiosk):
            services.ticket_issue(queue=queue, actor=None)

    at_once(WINDOWS, kiosk)
    seqs = sorted(Ticket.objects.filter(queue=queue).values_list("seq", flat=True))
    assert seqs == list(range(1, WINDOWS * per_kiosk + 1))  # unique and without gaps


def test_numbers_taken_alone_and_inside_a_transaction_never_collide(hall):
    # A kiosk takes its number in a transaction of its own (fastpath.TAKE_NUMBER); a check-in
    # or a transfer takes it inside the caller's transaction (fastpath.ISSUE). Both at once.
    from django.db import transaction

    queue = hall["A"]
    per_thread = 20

    def issue(i):
        for _ in range(per_thread):
            if i % 2:
                with transaction.atomic():
                    services.ticket_issue(queue=queue, actor=None)
            else:
                services.ticket_issue(queue=queue, actor=None)

    at_once(WINDOWS, issue)
    seqs = sorted(Ticket.objects.filter(queue=queue).values_list("seq", flat=True))
    assert seqs == list(range(1, WINDOWS * per_thread + 1))
