"""The staff side: the rectification worklist and a rectification's steps, appeals."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from onewindow.lib.errors import DomainError

from .. import permissions, selectors, services
from ..choices import (
    DIMENSIONS,
    AppealStatus,
    RatingChannel,
    RectificationOutcome,
    RectificationStatus,
)
from ..models import RatingDevice
from .common import STAFF, SUPERVISORS, levels, page, role_required

LIST_LIMIT = 200


@role_required(*STAFF)
def rectifications(request):
    status = request.GET.get("status", "")
    everything = status == "ALL"
    if status not in RectificationStatus.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    qs = selectors.rectifications_for(
        request.user, status=status, overdue=overdue, open_only=not everything
    )
    if everything:  # the newest first; the open ones are sorted by deadline
        qs = qs.order_by("-created_at", "-pk")
    rows = selectors.decorate_overdue(list(qs[:LIST_LIMIT]))
    return page(
        request,
        "ratings/rectifications.html",
        {
            "rows": rows,
            "status": status,
            "overdue": overdue,
            "everything": everything,
            "my_device": _my_device(request.user),
            "limit": LIST_LIMIT,
            "statuses": RectificationStatus.choices,
        },
        tab="rectifications",
    )


def _my_device(user):
    """The rating device of the clerk's own window, so the clerk can open it on the tablet."""
    profile = getattr(user, "staff_profile", None)
    if profile is None or profile.window_id is None:
        return None
    return RatingDevice.objects.filter(window_id=profile.window_id, is_active=True).first()


def _visible(request, pk: int):
    row = selectors.rectification_detail(pk)
    if row is None or not permissions.may_handle(request.user, row):
        raise Http404("未找到该整改")
    return selectors.decorate_overdue([row])[0]


@role_required(*STAFF)
def rectification(request, pk: int):
    row = _visible(request, pk)
    return page(
        request,
        "ratings/rectification.html",
        {
            "row": row,
            "rating": row.rating,
            "appeals": list(row.rating.appeals.all()),
            "score_rows": [
                (label, row.rating.scores[key])
                for key, label in DIMENSIONS[RatingChannel(row.rating.channel)].items()
                if key in row.rating.scores
            ],
            "outcomes": RectificationOutcome.choices,
            "levels": levels(),
            "is_supervisor": permissions.is_supervisor(request.user),
        },
        tab="rectifications",
    )


@require_POST
@role_required(*STAFF)
def rectification_action(request, pk: int, action: str):
    row = _visible(request, pk)
    post, user = request.POST, request.user
    try:
        if action == "verify":
            services.rectification_verify(
                rectification_id=pk, finding=post.get("finding", ""), actor=user
            )
            done = "已核实，请在期限内整改或解释说明"
        elif action == "rectify":
            services.rectification_rectify(
                rectification_id=pk,
                outcome=post.get("outcome", ""),
                measures=post.get("measures", ""),
                actor=user,
            )
            done = "已整改，等待回访申请人"
        elif action == "revisit":
            services.rectification_revisit(
                rectification_id=pk,
                level=post.get("level", ""),
                comment=post.get("comment", ""),
                actor=user,
            )
            done = "已录入回访结果，整改办结"
        elif action == "appeal":
            services.appeal_file(
                rating_id=row.rating_id,
                reason=post.get("reason", ""),
                evidence=post.get("evidence", ""),
                actor=user,
            )
            done = "已提出申诉，等待复核"
        else:
            raise Http404("未知操作")
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("ratings:rectification", pk=pk)


@role_required(*SUPERVISORS)
def appeals(request):
    status = request.GET.get("status", AppealStatus.PENDING)
    if status not in AppealStatus.values:
        status = ""
    return page(
        request,
        "ratings/appeals.html",
        {
            "appeals": list(selectors.appeals_list(status=status)[:200]),
            "status": status,
            "statuses": AppealStatus.choices,
        },
        tab="appeals",
    )


@require_POST
@role_required(*SUPERVISORS)
def appeal_review(request, pk: int):
    try:
        appeal = services.appeal_review(
            appeal_id=pk,
            upheld=request.POST.get("decision") == "uphold",
            note=request.POST.get("note", ""),
            actor=request.user,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"申诉复核完成：{appeal.get_status_display()}")
    return redirect("ratings:appeals")
