"""The hall REST API (queues, tickets, windows, board), mounted at /api/v1/hall/ by
onewindow/api.py."""

from . import bookings, points, prereview, window  # noqa: F401  (registers the endpoints)
from .base import router

__all__ = ["router"]
