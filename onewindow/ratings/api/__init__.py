"""The ratings REST API, mounted at /api/v1/ratings/ by onewindow/api.py."""

from . import ratings, reviews  # noqa: F401  (registers the operations)
from .base import router

__all__ = ["router"]
