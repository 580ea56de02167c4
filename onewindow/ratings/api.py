"""The ratings REST API, mounted at /api/v1/ratings/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["好差评"])
