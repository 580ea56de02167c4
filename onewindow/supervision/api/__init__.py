"""The supervision REST API, mounted at /api/v1/supervision/ by onewindow/api.py."""

from . import accountability, assessment, patrols  # noqa: F401  (registers the endpoints)
from .base import router

__all__ = ["router"]
