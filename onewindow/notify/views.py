"""The staff view of the outbox: every SMS and e-mail the platform sent, newest first."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import render

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles

from .choices import Channel, MessageStatus
from .selectors import outbox_list

# Who reads the outbox: staff who answer "did the applicant get the reminder?".
READERS = {Role.SUPERVISOR, Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.SECTION_HEAD}


def outbox(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_roles(request.user) & READERS:
        return render(request, "notify/forbidden.html", status=403)
    channel = request.GET.get("channel", "")
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()[:50]
    rows = outbox_list(
        channel=channel if channel in Channel.values else "",
        status=status if status in MessageStatus.values else "",
        q=q,
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    context = {
        "page": page, "channel": channel, "status": status, "q": q,
        "channels": Channel.choices, "statuses": MessageStatus.choices, "nav": "outbox",
    }  # fmt: skip
    return render(request, "notify/outbox.html", context)
