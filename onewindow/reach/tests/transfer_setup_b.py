"""Run by `manage.py shell` against the second instance of the two-instance transfer test:
a small catalog with the matter the package names, a hall, and a clerk with an API token.
Prints the clerk's token as JSON."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.accounts.services import token_create
from onewindow.catalog import services as catalog
from onewindow.catalog.choices import MatterKind, MatterType, RegionLevel, ServicePointKind
from onewindow.catalog.models import Department, Region, ServicePoint

region = Region.objects.create(code="330100000000", name="远方市", level=RegionLevel.DISTRICT)
department = Department.objects.create(code="YF-GA", name="远方市公安局", region=region)
hall = ServicePoint.objects.create(
    code="YF-HALL", name="远方市民中心", kind=ServicePointKind.MAIN_HALL, region=region,
    accepts_all_matters=True,
)  # fmt: skip
catalog.matter_create(
    data=catalog.MatterInput(
        fields=dict(code="YF-HJ-01", name="户口迁入", matter_type=MatterType.CONFIRMATION,
                    department=department, kind=MatterKind.PROMISED, legal_limit_days=20,
                    promised_limit_days=5, channels=["WINDOW", "ONLINE"],
                    form_fields=[{"key": "reason", "label": "迁入原因", "type": "text", "required": True}]),
        materials=[{"name": "户口迁移证明"}],
    ),
    actor=None, publish=True,
)  # fmt: skip
clerk = get_user_model().objects.create_user("yf-clerk", password="pw-123456")
clerk.groups.add(Group.objects.get(name=Role.CLERK))
StaffProfile.objects.create(
    user=clerk, full_name="远方窗口", employee_number="YF1", service_point=hall
)
print(json.dumps({"clerk_token": token_create(user=clerk, name="test", actor=None)[1]}))
