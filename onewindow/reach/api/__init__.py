"""The reach REST API, mounted at /api/v1/reach/ by onewindow/api.py."""

from . import agency, outlets, transfer  # noqa: F401  (registers the operations)
from .base import router

__all__ = ["router"]
