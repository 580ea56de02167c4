"""Writes of the hall: tickets and windows.

Numbers are taken with one UPSERT ... RETURNING on a per-queue-per-day counter, never
max + 1. The next ticket is claimed with one UPDATE whose subquery picks the first
waiting ticket in calling order; on PostgreSQL the subquery locks it with
FOR UPDATE SKIP LOCKED, so two windows calling at the same instant get two different
tickets and none is skipped. A window holds at most one open ticket (a partial unique
index), so a double click cannot call two.
"""

from contextlib import nullcontext
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from onewindow.audit.services import audit_record
from onewindow.catalog.models import Window
from onewindow.lib.errors import Conflict, InvalidInput, NotFound

from . import fastpath
from .choices import OPEN_AT_WINDOW, Rank, TicketSource, TicketStatus
from .models import Queue, Ticket, TicketCounter

ERR_WINDOW_BUSY = "本窗口还有未办结的号，请先办结、过号或转移"
ERR_WINDOW_CLOSED = "本窗口已暂停服务"
ERR_NOTHING_OPEN = "本窗口当前没有叫号中的票"
ERR_QUEUE_CLOSED = "该队列已停止取号"


def _next_seq(queue_id: int, day) -> int:
    table = TicketCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (queue_id, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (queue_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [queue_id, day],
        )
        return cursor.fetchone()[0]


def ticket_issue(
    *,
    queue: Queue,
    actor,
    source: str = TicketSource.KIOSK,
    priority: bool = False,
    phone: str = "",
    pre_review=None,
    appointment=None,
    issued_at: datetime | None = None,
    transferred_from: Ticket | None = None,
) -> Ticket:
    """A new waiting ticket with the queue's next number of the day (A001, A002 …)."""
    if not queue.is_active:
        raise Conflict(ERR_QUEUE_CLOSED, code="queue_closed")
    if source not in TicketSource.values:
        raise InvalidInput("取号来源无效", code="ticket_source_invalid")
    now = timezone.now()
    day = timezone.localdate(now)
    rank = Rank.PRIORITY if priority or queue.kind == "PRIORITY" else (
        Rank.APPOINTMENT if appointment is not None else Rank.WALK_IN
    )  # fmt: skip
    if fastpath.available():
        params = dict(
            queue=queue.pk, day=day, letter=queue.letter, rank=rank, source=source, phone=phone,
            pre_review=pre_review.pk if pre_review else None,
            appointment=appointment.pk if appointment else None,
            transferred_from=transferred_from.pk if transferred_from else None,
            issued_at=issued_at or now,
        )  # fmt: skip
        # No BEGIN/COMMIT round trips: each statement is its own transaction (fastpath.issue
        # says how the number is taken without holding the counter row across a disk flush).
        pk, seq, number = fastpath.issue(params=params, actor=actor, queue_name=queue.name)
        return Ticket(
            pk=pk, queue=queue, day=day, seq=seq, number=number, rank=rank, source=source,
            phone=phone, pre_review=pre_review, appointment=appointment,
            transferred_from=transferred_from, issued_at=params["issued_at"],
        )  # fmt: skip
    with transaction.atomic():
        seq = _next_seq(queue.pk, day)
        ticket = Ticket.objects.create(
            queue=queue, day=day, seq=seq, number=f"{queue.letter}{seq:03d}", rank=rank,
            source=source, phone=phone, pre_review=pre_review, appointment=appointment,
            issued_at=issued_at or now, transferred_from=transferred_from,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="ticket.issue",
            obj=ticket,
            summary=f"取号 {ticket.number}（{queue.name}）",
        )
    return ticket


def _window_queue_ids(window: Window) -> list[int]:
    return list(window.queues.filter(is_active=True).values_list("pk", flat=True))


def _claim_sql() -> str:
    table = Ticket._meta.db_table
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    return (
        f"UPDATE {table} SET status = %s, window_id = %s, called_at = %s, call_count = 1 "
        f"WHERE id = (SELECT id FROM {table} WHERE queue_id IN ({{ids}}) AND day = %s AND status = %s "
        f"ORDER BY rank, issued_at, id LIMIT 1{lock}) AND status = %s RETURNING id"
    )


def ticket_call_next(*, window: Window, actor) -> Ticket | None:
    """Calls the first waiting ticket of the queues this window serves: the priority lane
    first, then checked-in appointments, then first come first served. None when nobody waits."""
    if not window.is_open:
        raise Conflict(ERR_WINDOW_CLOSED, code="window_closed")
    now = timezone.now()
    if fastpath.available():
        try:
            # A savepoint only when a caller's transaction must survive a refusal.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                return fastpath.call_next(
                    window=window, day=timezone.localdate(now), now=now, actor=actor
                )
        except IntegrityError as exc:  # this window already holds an open ticket
            raise Conflict(ERR_WINDOW_BUSY, code="window_busy") from exc
    queue_ids = _window_queue_ids(window)
    if not queue_ids:
        return None
    sql = _claim_sql().replace("{ids}", ", ".join(["%s"] * len(queue_ids)))
    params = [
        TicketStatus.CALLED,
        window.pk,
        now,
        *queue_ids,
        timezone.localdate(now),
        TicketStatus.WAITING,
        TicketStatus.WAITING,
    ]
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                row = cursor.fetchone()
            if row is None:
                return None
            ticket = Ticket.objects.select_related("queue").get(pk=row[0])
            audit_record(
                actor=actor,
                action="ticket.call",
                obj=ticket,
                summary=f"{window.number}号窗口叫号 {ticket.number}",
            )
    except IntegrityError as exc:  # this window already holds an open ticket
        raise Conflict(ERR_WINDOW_BUSY, code="window_busy") from exc
    return ticket


def _open_ticket(window: Window) -> Ticket:
    ticket = (
        Ticket.objects.select_for_update()
        .select_related("queue")
        .filter(window=window, status__in=OPEN_AT_WINDOW)
        .first()
    )
    if ticket is None:
        raise Conflict(ERR_NOTHING_OPEN, code="window_has_no_ticket")
    return ticket


def ticket_recall(*, window: Window, actor) -> Ticket:
    with transaction.atomic():
        ticket = _open_ticket(window)
        ticket.call_count += 1
        ticket.called_at = timezone.now()
        ticket.save(update_fields=["call_count", "called_at"])
        audit_record(
            actor=actor,
            action="ticket.recall",
            obj=ticket,
            summary=f"重呼 {ticket.number}（第{ticket.call_count}次）",
        )
    return ticket


def ticket_start(*, window: Window, actor) -> Ticket:
    """The person has come to the window."""
    with transaction.atomic():
        ticket = _open_ticket(window)
        if ticket.status != TicketStatus.CALLED:
            raise Conflict("该号已在办理中", code="ticket_already_serving")
        ticket.status = TicketStatus.SERVING
        ticket.save(update_fields=["status"])
        audit_record(
            actor=actor, action="ticket.start", obj=ticket, summary=f"开始办理 {ticket.number}"
        )
    return ticket


def ticket_no_show(*, window: Window, actor) -> Ticket:
    with transaction.atomic():
        ticket = _open_ticket(window)
        ticket.status, ticket.finished_at = TicketStatus.NO_SHOW, timezone.now()
        ticket.save(update_fields=["status", "finished_at"])
        audit_record(
            actor=actor, action="ticket.no_show", obj=ticket, summary=f"过号 {ticket.number}"
        )
    return ticket


def ticket_finish(*, window: Window, actor, case=None) -> Ticket:
    """Ends the window's ticket, linking the case accepted for it, if any."""
    if fastpath.available():
        ticket = fastpath.finish(window=window, now=timezone.now(), case=case, actor=actor)
        if ticket is None:
            raise Conflict(ERR_NOTHING_OPEN, code="window_has_no_ticket")
        return ticket
    with transaction.atomic():
        ticket = _open_ticket(window)
        ticket.status, ticket.finished_at, ticket.case = TicketStatus.DONE, timezone.now(), case
        ticket.save(update_fields=["status", "finished_at", "case"])
        summary = f"办结 {ticket.number}" + (f"，办件 {case.number}" if case is not None else "")
        audit_record(actor=actor, action="ticket.finish", obj=ticket, summary=summary)
    return ticket


def ticket_finish_and_call(
    *, window: Window, actor, case=None
) -> tuple[Ticket | None, Ticket | None]:
    """办结并叫下一位: ends the window's open ticket, if any (linking the case accepted for
    it), and calls the next one; (finished, called), either None. All or nothing: a closed
    window changes nothing."""
    if not window.is_open:
        raise Conflict(ERR_WINDOW_CLOSED, code="window_closed")
    now = timezone.now()
    if fastpath.available():
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            done, called = fastpath.finish_and_call(
                window=window, day=timezone.localdate(now), now=now, case=case, actor=actor
            )
        finished = None
        if done is not None:
            finished = Ticket(pk=done[0], number=done[1], status=TicketStatus.DONE, case=case)
        return finished, called
    with transaction.atomic():
        has_open = Ticket.objects.filter(window=window, status__in=OPEN_AT_WINDOW).exists()
        finished = ticket_finish(window=window, actor=actor, case=case) if has_open else None
        return finished, ticket_call_next(window=window, actor=actor)


def ticket_transfer(*, window: Window, to_queue: Queue, actor) -> Ticket:
    """Sends the window's ticket to another queue; the person keeps their place in time."""
    with transaction.atomic():
        ticket = _open_ticket(window)
        if to_queue.pk == ticket.queue_id:
            raise InvalidInput("不能转到同一队列", code="transfer_same_queue")
        if to_queue.service_point_id != ticket.queue.service_point_id:
            raise InvalidInput("只能转到本场所的队列", code="transfer_other_point")
        ticket.status, ticket.finished_at = TicketStatus.TRANSFERRED, timezone.now()
        ticket.save(update_fields=["status", "finished_at"])
        new = ticket_issue(
            queue=to_queue, actor=actor, source=TicketSource.TRANSFER, priority=ticket.rank == Rank.PRIORITY,
            phone=ticket.phone, pre_review=ticket.pre_review, issued_at=ticket.issued_at, transferred_from=ticket,
        )  # fmt: skip
        audit_record(
            actor=actor,
            action="ticket.transfer",
            obj=ticket,
            summary=f"{ticket.number} 转至 {to_queue.name}，新号 {new.number}",
        )
    return new


def window_set_open(*, window: Window, is_open: bool, actor) -> Window:
    """The hall manager opens a standby window (备岗) or closes one."""
    with transaction.atomic():
        locked = Window.objects.select_for_update().filter(pk=window.pk).first()
        if locked is None:
            raise NotFound("未找到该窗口", code="window_not_found")
        if not is_open and Ticket.objects.filter(window=locked, status__in=OPEN_AT_WINDOW).exists():
            raise Conflict(ERR_WINDOW_BUSY, code="window_busy")
        locked.is_open = is_open
        locked.save(update_fields=["is_open"])
        audit_record(actor=actor, action="window.open" if is_open else "window.close", obj=locked,
                     summary=f"{'开放' if is_open else '暂停'} {locked}")  # fmt: skip
    return locked
