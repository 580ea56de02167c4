"""`manage.py demo_district`: loads the demo district (if needed) and prints its logins.

`manage.py demo` (in the cases app) runs this and then loads the demo cases."""

import time
import unicodedata

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Count

from onewindow.catalog.choices import RegionLevel, ServicePointKind
from onewindow.catalog.demo import DEMO_PASSWORD, load_demo, logins
from onewindow.catalog.demo.common import DISTRICT_NAME
from onewindow.catalog.models import (
    Bundle,
    Department,
    IndustryLicense,
    Matter,
    Region,
    Section,
    ServicePoint,
    Theme,
    Window,
)


class Command(BaseCommand):
    help = (
        f"载入演示区县“{DISTRICT_NAME}”：区划、部门科室、主题、事项、一件事、服务场所和演示账号。"
        "可重复运行，已有的数据不会重复创建。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins", action="store_true", help="只打印演示账号和密码，不载入数据"
        )

    def handle(self, *args, logins: bool = False, verbosity: int = 1, **options):
        if logins:
            self._logins()
            return
        started = time.monotonic()
        created = load_demo()
        # Tests and scripts load the demo with verbosity 0 and want no table.
        if verbosity:
            self._summary(created, time.monotonic() - started)
            self._logins()

    def _summary(self, created, seconds: float) -> None:
        out = self.stdout
        if created:
            made = "，".join(f"{label} {n}" for label, n in created.items() if n)
            out.write(self.style.SUCCESS(f"演示数据已载入（{seconds:.1f} 秒）。本次新建：{made}。"))
        else:
            out.write(
                self.style.SUCCESS(f"演示数据已是完整的，本次未新建任何记录（{seconds:.1f} 秒）。")
            )
        levels = dict(Region.objects.values_list("level").annotate(n=Count("id")))
        kinds = dict(ServicePoint.objects.values_list("kind").annotate(n=Count("id")))
        matters = Matter.objects.published()
        out.write(
            "\n".join(
                [
                    f"  区划      {levels.get(RegionLevel.DISTRICT, 0)} 个区县，"
                    f"{levels.get(RegionLevel.TOWN, 0)} 个镇街，"
                    f"{levels.get(RegionLevel.VILLAGE, 0)} 个村社区",
                    f"  部门      {Department.objects.count()} 个，科室 {Section.objects.count()} 个，"
                    f"主题 {Theme.objects.count()} 个",
                    f"  事项      {matters.count()} 个现行事项"
                    f"（{matters.filter(version__gt=1).count()} 个已修订），"
                    f"共 {Matter.objects.count()} 个版本",
                    f"  一件事    {Bundle.objects.count()} 个，其中一业一证 "
                    f"{IndustryLicense.objects.count()} 个",
                    f"  服务场所  大厅 {kinds.get(ServicePointKind.MAIN_HALL, 0)}，"
                    f"便民服务中心 {kinds.get(ServicePointKind.TOWN_CENTER, 0)}，"
                    f"便民服务站 {kinds.get(ServicePointKind.VILLAGE_STATION, 0)}，"
                    f"代办网点 {kinds.get(ServicePointKind.POST_OUTLET, 0) + kinds.get(ServicePointKind.MOBILE_OUTLET, 0)}；"
                    f"窗口 {Window.objects.count()} 个",
                    f"  账号      {get_user_model().objects.count()} 个",
                ]
            )
        )

    def _logins(self) -> None:
        rows = [("角色", "用户名", "密码", "岗位"), *logins()]
        widths = [max(_width(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(f"\n演示账号（共用密码 {DEMO_PASSWORD}，仅供演示）：")
        for row in rows:
            cells = [_pad(cell, width) for cell, width in zip(row, widths, strict=False)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
