"""The enterprise REST API (project cards, demands), mounted at /api/v1/enterprise/ by
onewindow/api.py. The Open311 GeoReport v2 face of demands is in open311.py."""

from . import demands, projects  # noqa: F401  (registers the endpoints)
from .base import router

__all__ = ["router"]
