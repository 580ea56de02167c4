from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from onewindow.lib.errors import DomainError

from . import services
from .models import ApiToken
from .roles import Role


@login_required
def me(request):
    """My account: roles, where I work, and my API tokens (create, revoke)."""
    new_token = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                services.token_revoke(
                    token_id=int(request.POST["revoke"]), user=request.user, actor=request.user
                )
                messages.success(request, "令牌已吊销")
                return redirect("accounts:me")
            _, new_token = services.token_create(
                user=request.user, name=request.POST.get("name", ""), actor=request.user
            )
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "请求无效"))
    role_labels = [Role(r).label for r in sorted(services.user_roles(request.user)) if r in Role]
    return render(
        request,
        "accounts/me.html",
        {
            "roles": role_labels,
            "profile": getattr(request.user, "staff_profile", None),
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
            "new_token": new_token,
        },
    )
