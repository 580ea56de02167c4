"""超期问责 over the API: the list (the office sees all, a department its own), explain, close."""

from datetime import datetime

from ninja import Field, Query, Schema
from ninja.pagination import paginate

from onewindow.accounts.services import user_has_role
from onewindow.lib.errors import Forbidden, NotFound
from onewindow.lib.pagination import Pages

from .. import permissions, selectors, services
from ..choices import AccountabilityStatus
from .base import ERRORS, name_of, router


class AccountabilityOut(Schema):
    id: int
    case_number: str
    title: str
    department: str
    reviewer: str | None
    due_at: datetime
    found_at: datetime
    status: str
    status_label: str
    explanation: str
    conclusion: str
    closed_at: datetime | None

    @staticmethod
    def resolve_case_number(r):
        return r.case.number

    @staticmethod
    def resolve_title(r):
        return r.case.bundle.name if r.case.bundle_id else r.case.matter.name

    @staticmethod
    def resolve_department(r):
        return r.department.name

    @staticmethod
    def resolve_reviewer(r):
        return name_of(r.reviewer)

    @staticmethod
    def resolve_status_label(r):
        return r.get_status_display()


class ListFilters(Schema):
    status: AccountabilityStatus | None = Field(None, description="状态")


class ExplainIn(Schema):
    explanation: str = Field(..., max_length=4000)


class CloseIn(Schema):
    conclusion: str = Field(..., max_length=4000)
    exempt: bool = Field(False, description="免责：撤销该件的超期扣分")


def _scope(user) -> int | None:
    if permissions.is_office(user):
        return None
    department_id = permissions.department_of(user)
    if department_id is None or not user_has_role(user, *permissions.DEPARTMENT):
        raise Forbidden("仅监督人员或部门审批人员可以查看超期问责", code="forbidden")
    return department_id


@router.get(
    "/accountabilities", response={200: list[AccountabilityOut], **ERRORS}, summary="超期问责列表"
)
@paginate(Pages, page_size=50, max_page_size=200)
def list_accountabilities(request, filters: Query[ListFilters]):
    return selectors.accountabilities(
        status=filters.status or "", department_id=_scope(request.auth)
    )  # paginated in the database


def _one(user, pk: int):
    record = selectors.accountabilities().filter(pk=pk).first()
    if record is None or not permissions.can_explain(user, record):
        raise NotFound("未找到该超期问责记录", code="accountability_not_found")
    return record


@router.get(
    "/accountabilities/{pk}", response={200: AccountabilityOut, **ERRORS}, summary="超期问责详情"
)
def get_accountability(request, pk: int):
    return _one(request.auth, pk)


@router.post(
    "/accountabilities/{pk}/explain",
    response={200: AccountabilityOut, **ERRORS},
    summary="责任部门说明情况",
)
def explain(request, pk: int, data: ExplainIn):
    _one(request.auth, pk)
    services.accountability_explain(
        accountability_id=pk, explanation=data.explanation, actor=request.auth
    )
    return _one(request.auth, pk)


@router.post(
    "/accountabilities/{pk}/close",
    response={200: AccountabilityOut, **ERRORS},
    summary="审核办结（可免责）",
)
def close(request, pk: int, data: CloseIn):
    services.accountability_close(
        accountability_id=pk, conclusion=data.conclusion, exempt=data.exempt, actor=request.auth
    )
    return _one(request.auth, pk)
