"""The notify REST API, mounted at /api/v1/notify/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["消息通知"])
