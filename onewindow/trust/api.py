"""The trust REST API, mounted at /api/v1/trust/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["告知承诺与信用"])
