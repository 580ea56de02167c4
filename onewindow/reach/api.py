"""The reach REST API, mounted at /api/v1/reach/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["服务延伸"])
