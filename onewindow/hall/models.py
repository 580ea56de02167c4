"""The hall: queues, tickets, appointments and pre-review (先预审、后排队)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from onewindow.catalog.models import Matter, ServicePoint, Window

from .choices import OPEN_AT_WINDOW, AppointmentStatus, QueueKind, Rank, TicketSource, TicketStatus


class Queue(models.Model):
    service_point = models.ForeignKey(
        ServicePoint, verbose_name="服务场所", on_delete=models.CASCADE, related_name="queues"
    )
    letter = models.CharField("号码字母", max_length=2, help_text="票号前缀，如 A、B、V")
    name = models.CharField("队列名称", max_length=40)
    kind = models.CharField("类型", max_length=14, choices=QueueKind.choices)
    windows = models.ManyToManyField(
        Window,
        verbose_name="叫号窗口",
        blank=True,
        related_name="queues",
        help_text="可从本队列叫号的窗口",
    )
    matters = models.ManyToManyField(
        Matter,
        verbose_name="事项",
        blank=True,
        related_name="queues",
        help_text="分领域队列受理的事项（留空表示不限）",
    )
    order = models.PositiveSmallIntegerField("排序", default=10)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "排队队列"
        verbose_name_plural = "排队队列"
        ordering = ["service_point", "order", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["service_point", "letter"], name="queue_letter_unique_per_point"
            )
        ]

    def __str__(self):
        return f"{self.letter} {self.name}"


class TicketCounter(models.Model):
    """The last number given per queue and day, taken with one UPSERT ... RETURNING."""

    queue = models.ForeignKey(Queue, on_delete=models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["queue", "day"], name="ticket_counter_unique")
        ]

    def __str__(self):
        return f"{self.queue} {self.day} #{self.last}"


class PreReview(models.Model):
    """Materials checked against a matter's list before queueing. A pass yields a ticket that
    carries it, so the window does not check again; a fail yields the one-time notice."""

    service_point = models.ForeignKey(
        ServicePoint, verbose_name="服务场所", on_delete=models.PROTECT
    )
    matter = models.ForeignKey(
        Matter, verbose_name="事项", on_delete=models.PROTECT, related_name="pre_reviews"
    )
    applicant_name = models.CharField("申请人", max_length=100, blank=True)
    applicant_phone = models.CharField("联系电话", max_length=20, blank=True)
    checks = models.JSONField(
        "核验结果", default=list, help_text='[{"material_id", "name", "result", "note"}]'
    )
    passed = models.BooleanField("通过")
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("完成时间")
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="预审人员",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = "预审"
        verbose_name_plural = "预审"
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["matter", "finished_at"], name="prereview_matter_time")]

    def __str__(self):
        return f"{self.matter} {'通过' if self.passed else '未通过'}"

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def problems(self) -> list[dict]:
        return [c for c in self.checks if c.get("result") != "PROVIDED"]


class AppointmentSlot(models.Model):
    queue = models.ForeignKey(
        Queue, verbose_name="队列", on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField("开始")
    ends_at = models.DateTimeField("结束")
    capacity = models.PositiveSmallIntegerField("可预约人数")
    booked = models.PositiveSmallIntegerField("已预约", default=0)

    class Meta:
        verbose_name = "预约时段"
        verbose_name_plural = "预约时段"
        ordering = ["queue", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(booked__lte=models.F("capacity")), name="slot_not_overbooked"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            models.UniqueConstraint(fields=["queue", "starts_at"], name="slot_unique_start"),
        ]

    def __str__(self):
        return f"{self.queue} {self.starts_at:%m-%d %H:%M}"

    @property
    def remaining(self) -> int:
        return self.capacity - self.booked


class Appointment(models.Model):
    slot = models.ForeignKey(
        AppointmentSlot, verbose_name="时段", on_delete=models.PROTECT, related_name="appointments"
    )
    code = models.CharField("预约码", max_length=12, unique=True)
    name = models.CharField("姓名", max_length=100)
    phone = models.CharField("手机号码", max_length=20)
    matter = models.ForeignKey(
        Matter, verbose_name="事项", null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(
        "状态", max_length=12, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    booked_at = models.DateTimeField("预约时间", auto_now_add=True)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约"
        ordering = ["slot__starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "phone"],
                condition=Q(status__in=["BOOKED", "CHECKED_IN"]),
                name="appointment_one_per_phone_per_slot",
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class Ticket(models.Model):
    # No index of their own on queue and window: ticket_number_unique and ticket_window_time
    # lead with them, and every index is one more write each time a ticket is called or
    # finished, the hall's hottest statements.
    queue = models.ForeignKey(
        Queue,
        verbose_name="队列",
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,
    )
    day = models.DateField("日期")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("票号", max_length=8)
    rank = models.PositiveSmallIntegerField(
        "叫号优先级", choices=Rank.choices, default=Rank.WALK_IN
    )
    source = models.CharField(
        "来源", max_length=12, choices=TicketSource.choices, default=TicketSource.KIOSK
    )
    status = models.CharField(
        "状态", max_length=12, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    phone = models.CharField("手机号码", max_length=20, blank=True)
    pre_review = models.ForeignKey(
        PreReview, verbose_name="预审", null=True, blank=True, on_delete=models.SET_NULL
    )
    appointment = models.OneToOneField(
        Appointment,
        verbose_name="预约",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ticket",
    )
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    window = models.ForeignKey(
        Window,
        verbose_name="窗口",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        db_index=False,
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="办件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    issued_at = models.DateTimeField("取号时间")
    called_at = models.DateTimeField("叫号时间", null=True, blank=True)
    call_count = models.PositiveSmallIntegerField("呼叫次数", default=0)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "排队票"
        verbose_name_plural = "排队票"
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "day", "seq"], name="ticket_number_unique"),
            models.UniqueConstraint(
                fields=["window"],
                condition=Q(status__in=OPEN_AT_WINDOW),
                name="ticket_one_open_per_window",
            ),
        ]
        indexes = [
            # Waiting counts and positions per queue and day. Partial: a ticket leaves it when
            # it is called, and a called or finished ticket writes no entry here.
            models.Index(
                fields=["queue", "day", "rank", "issued_at"],
                condition=Q(status="WAITING"),
                name="ticket_queue_waiting",
            ),
            # The calling order itself, across the queues a window serves: the next ticket is
            # the first unlocked entry of this small index, never a sort of every waiting one.
            models.Index(
                fields=["day", "rank", "issued_at", "id"],
                condition=Q(status="WAITING"),
                name="ticket_waiting_order",
            ),
            models.Index(fields=["window", "called_at"], name="ticket_window_time"),
            # A day's tickets across every queue: the statistics read the days the nightly
            # rollup has not summed yet (today) straight from here.
            models.Index(fields=["day", "window"], name="ticket_day_window"),
        ]

    def __str__(self):
        return self.number
