"""The cases REST API, mounted at /api/v1/cases/ by onewindow/api.py.

Endpoints live by topic: intake (applicants, submission, 即办件), public (progress query),
reads (lists, detail, timeline, notices) and actions (every move of the state machine).
The order of the imports is the order of the URL patterns: the fixed paths (/inbox,
/overdue, /progress) must come before /{number}, which would otherwise swallow them."""

from . import intake, public, reads, actions  # noqa: F401, I001  (order matters, see above)
from .base import router

__all__ = ["router"]
