"""Demo cases for the demo district: a year of history in bulk, and cases of every state
for the demo logins made through the real services. Called by `manage.py demo` and
`manage.py demo_cases`; both loaders are safe to run again."""

from .history import load_history
from .users import load_demo_cases

__all__ = ["load_demo_cases", "load_history"]
