"""Finding what a form or an API call names (404 in Chinese), shared by pages and API."""

from django.contrib.auth import get_user_model

from onewindow.cases.models import Applicant
from onewindow.catalog.models import Department
from onewindow.lib.errors import NotFound

from .models import DemandService, ProjectCard


def enterprise_by_id_number(id_number: str) -> Applicant:
    found = Applicant.objects.filter(id_number=(id_number or "").strip().upper()).first()
    if found is None:
        raise NotFound("未找到该统一社会信用代码对应的企业", code="enterprise_not_found")
    return found


def department_by_code(code: str) -> Department:
    found = Department.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise NotFound("未找到该部门", code="department_not_found")
    return found


def user_by_username(username: str):
    found = get_user_model().objects.filter(username=(username or "").strip()).first()
    if found is None:
        raise NotFound("未找到该用户", code="user_not_found")
    return found


def service_by_code(code: str, *, active_only: bool = True) -> DemandService:
    qs = DemandService.objects.filter(code=(code or "").strip())
    if active_only:
        qs = qs.filter(is_active=True)
    found = qs.select_related("default_department").first()
    if found is None:
        raise NotFound("未找到该诉求类别", code="service_not_found")
    return found


def card_by_code(code: str) -> ProjectCard:
    found = ProjectCard.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise NotFound("未找到该项目", code="card_not_found")
    return found
