"""Demo logins: one or more users for every role, all with the same published password."""

from typing import NamedTuple

from onewindow.accounts.models import ApplicantKind
from onewindow.accounts.roles import Role
from onewindow.lib.identity import resident_id_check_char, uscc_check_char

# Printed by `manage.py demo --logins`; never use these accounts outside a demo.
DEMO_PASSWORD = "onewindow-demo"


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_char(first17)


def credit_code(first17: str) -> str:
    return first17 + uscc_check_char(first17)


class Applicant(NamedTuple):
    username: str
    name: str
    kind: str
    id_number: str
    phone: str
    post: str  # what the logins table says about the account


class Staff(NamedTuple):
    username: str
    roles: tuple[str, ...]
    full_name: str
    employee_number: str
    post: str
    department: str | None = None  # Department.code
    section: str | None = None  # Section.name within the department
    service_point: str | None = None  # ServicePoint.code
    window: str | None = None  # Window.number within the service point
    region: str | None = None  # Region.code, for runners and stewards
    admin_site: bool = False  # may open /admin/
    superuser: bool = False


APPLICANTS = (
    Applicant("citizen", "张明", ApplicantKind.PERSON, resident_id("50019919880312123"),
              "13983000001", "个人申请人"),
    Applicant("citizen2", "李娟", ApplicantKind.PERSON, resident_id("50019919950726246"),
              "13983000002", "个人申请人"),
    Applicant("company", "重庆清江山城味道餐饮管理有限公司", ApplicantKind.ORGANISATION,
              credit_code("91500199MA60QJ2L7"), "023-67990001", "企业申请人"),
)  # fmt: skip

STAFF = (
    Staff("clerk", (Role.CLERK,), "王丽", "QJ1001", "区政务服务中心 1号综合受理窗口",
          "ZWB", "窗口管理科", "QJ-HALL", "1"),
    Staff("clerk2", (Role.CLERK,), "陈晓燕", "QJ1002", "区政务服务中心 2号综合受理窗口",
          "ZWB", "窗口管理科", "QJ-HALL", "2"),
    Staff("clerk3", (Role.CLERK,), "刘洋", "QJ1003", "区政务服务中心 11号不动产登记窗口",
          "BDC", "登记一科", "QJ-HALL", "11"),
    Staff("clerk4", (Role.CLERK,), "赵敏", "QJ1004", "区政务服务中心 12号公安户政出入境窗口",
          "GAFJ", "户政管理科", "QJ-HALL", "12"),
    Staff("clerk5", (Role.CLERK,), "周杰", "QJ1005", "龙溪街道便民服务中心 1号综合受理窗口",
          service_point="QJ-T002", window="1", region="500199002000"),
    Staff("reviewer", (Role.REVIEWER,), "李强", "QJ2001", "区市场监管局 食品经营许可科",
          "SCJGJ", "食品经营许可科"),
    Staff("reviewer2", (Role.REVIEWER,), "孙婷", "QJ2002", "区卫生健康委 行政审批科",
          "WJW", "行政审批科"),
    Staff("reviewer3", (Role.REVIEWER,), "吴刚", "QJ2003", "区住房城乡建委 建筑管理科",
          "ZJW", "建筑管理科"),
    Staff("reviewer4", (Role.REVIEWER,), "郑红", "QJ2004", "区人力社保局 养老保险科",
          "RSJ", "养老保险科"),
    Staff("reviewer5", (Role.REVIEWER,), "黄磊", "QJ2005", "区市场监管局 登记注册科",
          "SCJGJ", "登记注册科"),
    Staff("sectionhead", (Role.SECTION_HEAD, Role.REVIEWER), "陈建国", "QJ3001",
          "区市场监管局 食品经营许可科科长", "SCJGJ", "食品经营许可科"),
    Staff("supervisor", (Role.SUPERVISOR,), "杨帆", "QJ4001", "区政务办 督查考核科",
          "ZWB", "督查考核科", "QJ-HALL", admin_site=True),
    Staff("runner", (Role.RUNNER,), "何小兵", "QJ5001", "石门镇帮代办员",
          "ZWB", service_point="QJ-T101", region="500199101000"),
    Staff("steward", (Role.STEWARD,), "罗志明", "QJ6001", "区发展改革委 重大项目管理科 项目管家",
          "FGW", "重大项目管理科"),
    Staff("admin", (Role.ADMIN,), "系统管理员", "QJ9001", "系统管理（可进入 /admin/）",
          "ZWB", admin_site=True, superuser=True),
)  # fmt: skip


def logins() -> list[tuple[str, str, str, str]]:
    """(role label, username, password, post) for every demo account, staff first."""
    rows = [(Role(s.roles[0]).label, s.username, DEMO_PASSWORD, s.post) for s in STAFF]
    rows += [(Role.APPLICANT.label, a.username, DEMO_PASSWORD, a.post) for a in APPLICANTS]
    return rows
