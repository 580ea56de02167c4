import pytest

from onewindow.catalog.choices import RegionLevel, ServicePointKind, WindowKind
from onewindow.catalog.models import Region, ServicePoint, Window
from onewindow.hall.models import Queue


@pytest.fixture
def hall(db):
    """A hall with a comprehensive queue (A), a domain queue (B), the priority lane (V) and
    three windows: 1 and 2 call A and V, 3 calls B and V."""
    region = Region.objects.create(code="500199000000", name="清江区", level=RegionLevel.DISTRICT)
    point = ServicePoint.objects.create(
        code="HALL",
        name="区政务服务中心",
        kind=ServicePointKind.MAIN_HALL,
        region=region,
        accepts_all_matters=True,
    )
    windows = [
        Window.objects.create(service_point=point, number=str(n), name=f"{n}号窗口", kind=kind)
        for n, kind in (
            (1, WindowKind.COMPREHENSIVE),
            (2, WindowKind.COMPREHENSIVE),
            (3, WindowKind.DOMAIN),
        )
    ]
    a = Queue.objects.create(
        service_point=point, letter="A", name="综合受理", kind="COMPREHENSIVE", order=1
    )
    b = Queue.objects.create(
        service_point=point, letter="B", name="不动产登记", kind="DOMAIN", order=2
    )
    v = Queue.objects.create(
        service_point=point, letter="V", name="绿色通道", kind="PRIORITY", order=0
    )
    a.windows.set(windows[:2])
    b.windows.set(windows[2:])
    v.windows.set(windows)
    return {"point": point, "windows": windows, "A": a, "B": b, "V": v}


@pytest.fixture
def hall_matters(hall):
    """Two published matters: a real-estate one that queue B serves, and one for queue A."""
    from onewindow.catalog import services as catalog
    from onewindow.catalog.choices import MatterKind, MatterType
    from onewindow.catalog.models import Department

    region = hall["point"].region
    land = Department.objects.create(code="BDC", name="区不动产登记中心", region=region)

    def matter(code, name, materials):
        return catalog.matter_create(
            data=catalog.MatterInput(
                fields=dict(code=code, name=name, matter_type=MatterType.CONFIRMATION,
                            department=land, kind=MatterKind.PROMISED, legal_limit_days=20,
                            promised_limit_days=5, channels=["WINDOW"]),
                materials=materials,
            ),
            actor=None, publish=True,
        )  # fmt: skip

    estate = matter(
        "BDC-001",
        "不动产转移登记",
        [{"name": "不动产权证书"}, {"name": "买卖合同"}, {"name": "完税证明", "required": False}],
    )
    other = matter("QT-002", "房屋租赁备案", [{"name": "租赁合同"}])
    hall["B"].matters.set([estate])
    return {"estate": estate, "other": other}


@pytest.fixture
def hall_people(hall, django_user_model):
    """A clerk of the hall, a clerk with no service point, a supervisor and a citizen."""
    from django.contrib.auth.models import Group

    from onewindow.accounts.models import StaffProfile
    from onewindow.accounts.roles import Role

    def user(username, role, **profile):
        person = django_user_model.objects.create_user(username, password="pw-123456")
        person.groups.add(Group.objects.get_or_create(name=role)[0])
        if profile is not None and role != Role.APPLICANT:
            StaffProfile.objects.create(
                user=person, full_name=username, employee_number=username, **profile
            )
        return person

    return {
        "clerk": user("hallclerk", Role.CLERK, service_point=hall["point"]),
        "lost_clerk": user("lostclerk", Role.CLERK),
        "supervisor": user("hallsuper", Role.SUPERVISOR, service_point=hall["point"]),
        "citizen": user("citizen", Role.APPLICANT),
        "other_citizen": user("othercitizen", Role.APPLICANT),
    }


@pytest.fixture
def hall_desk(hall, django_user_model):
    """The people of the hall pages: a clerk at window 1, a supervisor and an applicant."""
    from django.contrib.auth.models import Group

    from onewindow.accounts.models import StaffProfile
    from onewindow.accounts.roles import Role

    def user(username, role, **profile):
        person = django_user_model.objects.create_user(username, password="pw-123456")
        person.groups.add(Group.objects.get_or_create(name=role)[0])
        if profile:
            StaffProfile.objects.create(
                user=person, full_name=username, employee_number=username, **profile
            )
        return person

    point = hall["point"]
    return {
        "clerk": user("window1", Role.CLERK, service_point=point, window=hall["windows"][0]),
        "clerk3": user("window3", Role.CLERK, service_point=point, window=hall["windows"][2]),
        "manager": user("hallmanager", Role.SUPERVISOR, service_point=point),
        "citizen": user("walkin", Role.APPLICANT),
    }
