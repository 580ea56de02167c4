"""The stats REST API, mounted at /api/v1/stats/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["统计分析"])
