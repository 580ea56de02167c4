"""The demo district 清江区, loaded by `manage.py demo`.

The data lives in plain tuples, one module per subject; `loader.load_demo` writes it.
"""

from .loader import ALL_MATTERS, load_demo
from .users import DEMO_PASSWORD, logins

__all__ = ["ALL_MATTERS", "DEMO_PASSWORD", "load_demo", "logins"]
