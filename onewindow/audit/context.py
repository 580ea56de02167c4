"""The request a service runs under, so audit rows can name it without being passed it."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip_address: str | None = None


_EMPTY = RequestContext()
current: ContextVar[RequestContext | None] = ContextVar("onewindow_request", default=None)


def get() -> RequestContext:
    return current.get() or _EMPTY
