"""The licenses REST API, mounted at /api/v1/licenses/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["电子证照"])
