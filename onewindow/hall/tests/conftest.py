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
