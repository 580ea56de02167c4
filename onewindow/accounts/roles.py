"""The roles of a service hall, each a Django group of the same name."""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "APPLICANT", "申请人"
    CLERK = "CLERK", "窗口工作人员"
    REVIEWER = "REVIEWER", "部门审批人员"
    SECTION_HEAD = "SECTION_HEAD", "科室负责人"
    SUPERVISOR = "SUPERVISOR", "大厅管理/监督人员"
    RUNNER = "RUNNER", "帮代办员"
    STEWARD = "STEWARD", "项目管家"
    ADMIN = "ADMIN", "系统管理员"


STAFF_ROLES = frozenset(Role) - {Role.APPLICANT}
