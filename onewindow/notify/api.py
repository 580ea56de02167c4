"""The notify REST API, mounted at /api/v1/notify/ by onewindow/api.py."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from onewindow.accounts.services import user_roles
from onewindow.lib.errors import Forbidden
from onewindow.lib.pagination import Pages

from .selectors import outbox_list
from .views import READERS

router = Router(tags=["消息通知"])


class MessageOut(Schema):
    id: int
    channel: str
    phone: str
    email: str
    subject: str
    body: str
    status: str
    error: str
    related_repr: str
    created_at: datetime
    sent_at: datetime | None


@router.get("/messages", response=list[MessageOut], summary="消息发件箱（工作人员）")
@paginate(Pages)
def messages(request, channel: str = "", status: str = "", q: str = ""):
    if not user_roles(request.auth) & READERS:
        raise Forbidden("只有工作人员可以查看消息发件箱", code="forbidden")
    return outbox_list(channel=channel, status=status, q=q[:50])
