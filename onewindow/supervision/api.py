"""The supervision REST API, mounted at /api/v1/supervision/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["效能监督"])
