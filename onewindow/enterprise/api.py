"""The enterprise REST API, mounted at /api/v1/enterprise/ by onewindow/api.py."""

from ninja import Router

router = Router(tags=["企业服务"])
