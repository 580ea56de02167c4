"""`manage.py demo_supervision`: the demo district's supervision — an accountability record for
every overdue case of the history (the older ones explained and closed), eight weeks of daily
patrols of the main hall with their findings, a few hand-recorded deductions, the scores of
the last months with their talks, and the awards. Idempotent; a few seconds."""

import random
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from onewindow.accounts.models import StaffProfile
from onewindow.accounts.roles import Role
from onewindow.catalog.choices import ServicePointKind
from onewindow.catalog.models import ServicePoint
from onewindow.lib import workdays

from ...choices import AccountabilityStatus
from ...models import Accountability, Deduction, DeductionItem, PatrolFinding, PatrolLog
from ...services import (
    accountability_backfill,
    assessment_compute,
    awards_grant_proposed,
    month_start,
)
from ...services.assessment import months_before

PATROL_WEEKS = 8
FINDINGS = [
    ("LATE", "上午9:00开门时未到岗，9:12到岗"),
    ("AWAY", "10:30巡查时窗口无人，未放置暂离牌"),
    ("CHATTING", "工作时间在窗口内玩手机"),
    ("CHATTING", "与邻座窗口人员闲聊，群众等候"),
    ("PATROL", "未佩戴工作牌"),
    ("PATROL", "窗口桌面摆放杂乱，资料未归位"),
]
EXPLANATIONS = [
    "现场核查需等待申请人补充场地整改，与申请人沟通后推迟，未及时办理特殊环节手续。",
    "经办人员请假期间未安排AB角接替，导致审批延误。",
    "并联审批中会签部门意见反馈迟缓，牵头部门未及时督促。",
]
CONCLUSIONS = [
    "情况属实，对责任人批评教育，责令部门完善AB角制度。",
    "责任部门已整改，纳入当月考核扣分。",
]


class Command(BaseCommand):
    help = "载入演示区县的效能监督数据：超期问责、日巡查、月度考核与评优。可重复运行。"

    def handle(self, *args, verbosity: int = 1, **options):
        started = time.monotonic()
        rng = random.Random(20261121)
        now = timezone.now()
        hall = ServicePoint.objects.filter(kind=ServicePointKind.MAIN_HALL).order_by("pk").first()
        if hall is None:
            self.stderr.write("请先运行 manage.py demo_district")
            return
        opened = accountability_backfill(now=now)
        closed = self._close_older(now, rng)
        patrols, findings = self._patrols(hall, now, rng)
        extra = self._deductions(hall, now, rng)
        this_month = month_start(timezone.localdate(now))
        months = [this_month, *months_before(this_month, 4)]
        for month in sorted(months):
            assessment_compute(month=month, actor=None, now=now)
        awards = []
        for month in sorted(months[1:3]):
            awards += awards_grant_proposed(month=month, actor=None)
        if verbosity:
            self.stdout.write(
                f"效能监督演示数据：超期问责新建 {len(opened)} 条（办结 {closed} 条），"
                f"日巡查 {patrols} 次、发现问题 {findings} 个，扣分 {extra} 条，"
                f"考核 {len(months)} 个月，评优 {len(awards)} 项（{time.monotonic() - started:.1f} 秒）。"
            )

    def _close_older(self, now: datetime, rng: random.Random) -> int:
        """Records found more than two weeks before today: explained, and most of them closed;
        the history is written in bulk, as the case history is."""
        old = Accountability.objects.filter(
            status=AccountabilityStatus.OPEN, due_at__lt=now - timedelta(days=14)
        ).values_list("pk", "due_at")
        explained, closed = [], []
        for pk, due_at in old:
            (closed if rng.random() < 0.85 else explained).append((pk, due_at))
        with transaction.atomic():
            for rows, status in ((explained, "EXPLAINED"), (closed, "CLOSED")):
                for i, text in enumerate(EXPLANATIONS):
                    pks = [pk for n, (pk, _) in enumerate(rows) if n % len(EXPLANATIONS) == i]
                    if not pks:
                        continue
                    fields = {
                        "status": status,
                        "explanation": text,
                        "explained_at": now - timedelta(days=10),
                    }
                    if status == "CLOSED":
                        fields.update(
                            conclusion=CONCLUSIONS[i % 2], closed_at=now - timedelta(days=7)
                        )
                    Accountability.objects.filter(pk__in=pks).update(**fields)
        return len(closed)

    def _clerks(self, hall) -> list[int]:
        return list(
            StaffProfile.objects.filter(service_point=hall, user__groups__name=Role.CLERK)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )

    def _patrols(self, hall, now: datetime, rng: random.Random) -> tuple[int, int]:
        today = timezone.localdate(now)
        first = today - timedelta(weeks=PATROL_WEEKS)
        if PatrolLog.objects.filter(service_point=hall, day__gte=first).exists():
            return 0, 0
        office = StaffProfile.objects.filter(user__groups__name=Role.SUPERVISOR).first()
        clerks = self._clerks(hall)
        if office is None or not clerks:
            return 0, 0
        days = [first + timedelta(days=n) for n in range((today - first).days)]
        days = [d for d in days if workdays.is_workday(d)]
        items = {i.code: i for i in DeductionItem.objects.all()}
        windows = dict(
            StaffProfile.objects.filter(user_id__in=clerks).values_list("user_id", "window_id")
        )
        with transaction.atomic():
            logs = PatrolLog.objects.bulk_create(
                [
                    PatrolLog(service_point=hall, day=d, patrolled_by_id=office.user_id,
                              summary="上午10时、下午3时两次巡查大厅窗口纪律和服务秩序。")
                    for d in days
                ]
            )  # fmt: skip
            findings = []
            for log in logs:
                if rng.random() < 0.35:
                    code, text = rng.choice(FINDINGS)
                    staff = rng.choice(clerks)
                    seen = timezone.make_aware(datetime.combine(log.day, datetime.min.time())) + timedelta(hours=rng.choice((9, 10, 15)), minutes=rng.randrange(60))  # fmt: skip
                    findings.append(PatrolFinding(log=log, item=items[code], staff_id=staff,
                                                  window_id=windows.get(staff), description=text, seen_at=seen))  # fmt: skip
            findings = PatrolFinding.objects.bulk_create(findings)
            Deduction.objects.bulk_create(
                [
                    Deduction(staff_id=f.staff_id, item=f.item, month=month_start(f.log.day),
                              occurred_at=f.seen_at, points=f.item.points, note=f"日巡查：{f.description}",
                              source=f"finding:{f.pk}", created_by_id=office.user_id)
                    for f in findings
                ],
                ignore_conflicts=True,
            )  # fmt: skip
        return len(logs), len(findings)

    def _deductions(self, hall, now: datetime, rng: random.Random) -> int:
        """A complaint or two a month, and one clerk whose last month crossed the talk line."""
        clerks = self._clerks(hall)
        if not clerks:
            return 0
        items = {i.code: i for i in DeductionItem.objects.all()}
        this_month = month_start(timezone.localdate(now))
        rows = []
        for month in months_before(this_month, 4):
            for n in range(2):
                staff = rng.choice(clerks)
                when = timezone.make_aware(datetime.combine(month + timedelta(days=8 + 7 * n), datetime.min.time())) + timedelta(hours=10)  # fmt: skip
                rows.append((f"demo:complaint:{month:%Y%m}:{n}", staff, "COMPLAINT", when,
                             "群众投诉窗口人员解释不耐心，经核实属实"))  # fmt: skip
        last = months_before(this_month, 1)[0]
        heavy = clerks[-1]
        for n, (code, note) in enumerate([("COMPLAINT", "群众投诉推诿，经核实属实"), ("COMPLAINT", "群众投诉态度生硬，经核实属实"),
                                          ("AWAY", "下午脱岗40分钟"), ("LATE", "迟到15分钟"), ("CHATTING", "工作时间玩手机")]):  # fmt: skip
            when = timezone.make_aware(datetime.combine(last + timedelta(days=3 + 4 * n), datetime.min.time())) + timedelta(hours=14)  # fmt: skip
            rows.append((f"demo:heavy:{last:%Y%m}:{n}", heavy, code, when, note))
        before = Deduction.objects.filter(source__startswith="demo:").count()
        Deduction.objects.bulk_create(
            [
                Deduction(staff_id=staff, item=items[code], month=month_start(timezone.localdate(when)),
                          occurred_at=when, points=items[code].points, note=note, source=source)
                for source, staff, code, when, note in rows
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        return Deduction.objects.filter(source__startswith="demo:").count() - before
