"""The demo history (a year of cases in bulk) and the demo logins' cases of every state.

One demo district is loaded for the whole class, at a fixed Wednesday afternoon, so the
history has cases today and the numbering can be checked against them.
"""

import re
import time
from collections import Counter
from datetime import datetime, timedelta
from io import StringIO
from random import Random
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.cases import clock, services
from onewindow.cases.choices import CaseChannel, CaseStatus, NoticeKind, ReviewStatus, Signal
from onewindow.cases.demo import load_demo_cases, load_history
from onewindow.cases.demo.history import history_cases
from onewindow.cases.demo.people import form_answers
from onewindow.cases.formcheck import validate_form
from onewindow.cases.models import Applicant, Case, CaseCounter
from onewindow.cases.selectors import department_inbox, signal_counts, with_signal
from onewindow.catalog.models import Matter, ServicePoint
from onewindow.lib import workdays

S = CaseStatus
NOW = datetime(2026, 6, 17, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))  # a working Wednesday
COUNT = 2000
NUMBER = re.compile(r"^\d{6}-\d{8}-\d{5}$")


class DemoHistoryTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.traveller = time_machine.travel(NOW, tick=True)
        cls.traveller.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.traveller.stop()

    @classmethod
    def setUpTestData(cls):
        call_command("demo_district", verbosity=0)
        cls.out = StringIO()
        started = time.monotonic()
        cls.created = load_history(stdout=cls.out, count=COUNT, seed=7)
        seconds = time.monotonic() - started
        print(f"\nload_history(count={COUNT}) took {seconds:.1f} s")  # measured, not asserted
        cls.demo_created = load_demo_cases(stdout=cls.out)

    def history(self):
        return history_cases()

    def test_loads_the_requested_count_across_matters_channels_towns_and_outcomes(self):
        assert self.created == COUNT == self.history().count()
        history = self.history()
        assert set(history.values_list("channel", flat=True)) == set(CaseChannel.values)
        assert history.filter(bundle__isnull=False).exists()
        assert history.values("matter__code").distinct().count() > 50
        towns = history.filter(service_point__kind="TOWN_CENTER").values("region").distinct()
        assert towns.count() == 9
        assert not history.filter(channel=CaseChannel.ONLINE, service_point__isnull=False).exists()
        statuses = Counter(history.values_list("status", flat=True))
        assert statuses[S.CLOSED] > COUNT * 0.7
        for status in (S.DELIVERED, S.APPROVED, S.DENIED, S.REFUSED, S.WITHDRAWN,
                       S.SUPPLEMENT_REQUESTED, S.ACCEPTED, S.IN_REVIEW, S.SUSPENDED):  # fmt: skip
            assert statuses[status], status
        assert "按状态" in self.out.getvalue() and "按渠道" in self.out.getvalue()

    def test_applicants_and_forms_are_valid(self):
        pool = Applicant.objects.filter(cases__in=self.history()).distinct()
        assert 300 < pool.count() < COUNT
        assert all(a.id_number_problem() is None for a in pool)
        for case in self.history().filter(matter__isnull=False).select_related("matter")[:300]:
            assert validate_form(case.matter.form_fields, case.form_data) == case.form_data

    def test_some_running_cases_are_red_or_yellow_and_some_suspended(self):
        signals = signal_counts(self.history())
        assert signals[Signal.RED] > 0 and signals[Signal.YELLOW] > 0 and signals[Signal.GREEN] > 0
        suspended = self.history().filter(status=S.SUSPENDED)
        assert suspended.exists()
        assert all(c.suspensions.filter(ended_at__isnull=True).count() == 1 for c in suspended)

    def test_the_clock_is_the_services_clock(self):
        accepted = self.history().filter(accepted_at__isnull=False)
        for case in accepted:
            c = clock.compute(case.accepted_at, case.promised_limit_days, case.suspended_workdays)
            assert (case.due_at, case.warn_at) == (c.due_at, c.warn_at), case.number
            assert case.submitted_at <= case.accepted_at
        concluded = accepted.filter(concluded_at__isnull=False).exclude(status=S.WITHDRAWN)
        late = sum(c.concluded_at > c.due_at for c in concluded)
        assert 0 < late < concluded.count() * 0.08  # mostly on time, as a real hall
        immediate = accepted.filter(matter__kind="IMMEDIATE", status=S.CLOSED)
        assert all(c.concluded_at - c.submitted_at < timedelta(minutes=1) for c in immediate)
        cutoff = timezone.now() - timedelta(days=366)
        assert not self.history().filter(submitted_at__lt=cutoff).exists()

    def test_reviews_notices_and_deliveries_follow_the_status(self):
        history = self.history().prefetch_related("reviews", "notices")
        for case in history:
            reviews = Counter(r.status for r in case.reviews.all())
            notices = Counter(n.kind for n in case.notices.all())
            assert notices[NoticeKind.ACCEPTANCE] == (1 if case.accepted_at else 0), case.number
            if case.status == S.REFUSED:
                assert notices[NoticeKind.REFUSAL] == 1 and not reviews and case.decision_reason
            if case.status == S.ACCEPTED:
                assert reviews[ReviewStatus.OPEN] and not reviews[ReviewStatus.APPROVED]
            if case.status == S.IN_REVIEW:
                assert reviews[ReviewStatus.APPROVED] and reviews[ReviewStatus.OPEN]
            if case.status == S.DENIED:
                assert reviews[ReviewStatus.DENIED] == 1 and notices[NoticeKind.DENIAL] == 1
            if case.status in (S.APPROVED, S.DELIVERED, S.CLOSED) and not case.decision_reason:
                assert set(reviews) == {ReviewStatus.APPROVED}, case.number
            if case.status in (S.DELIVERED, S.CLOSED):
                assert case.delivery.delivered_at == case.delivered_at >= case.concluded_at

    def test_running_cases_have_a_timeline(self):
        running = self.history().filter(status__in=[S.ACCEPTED, S.IN_REVIEW, S.SUSPENDED])
        for case in running[:30]:
            trail = list(
                AuditEvent.objects.filter(object_id=str(case.pk), action__startswith="case.")
                .order_by("created_at", "id")
                .values_list("action", flat=True)
            )
            assert trail[0] == "case.submitted" and "case.accepted" in trail
            assert trail[-1] == f"case.{case.status.lower()}", (case.number, trail)
            assert case.materials.exists()

    def test_numbers_are_unique_and_new_cases_continue_the_day(self):
        numbers = list(Case.objects.values_list("number", flat=True))
        assert len(numbers) == len(set(numbers)) and all(NUMBER.match(n) for n in numbers)
        prefix = f"500199-{timezone.localdate():%Y%m%d}-"
        today = sorted(n for n in numbers if n.startswith(prefix))
        assert self.history().filter(number__startswith=prefix).exists()
        case = self._submit_at(ServicePoint.objects.get(code="QJ-HALL"))
        assert case.number == f"{prefix}{int(today[-1][-5:]) + 1:05d}"

    def test_a_town_centre_and_the_hall_do_not_share_numbers(self):
        self._submit_at(ServicePoint.objects.get(code="QJ-HALL"))
        self._submit_at(ServicePoint.objects.get(code="QJ-T002"))
        self._submit_at(ServicePoint.objects.get(code="QJ-T002"))

    def _submit_at(self, point) -> Case:
        """A social security card activation: a matter every town centre takes too."""
        applicant = Applicant.objects.filter(kind="PERSON").first()
        matter = Matter.objects.published().get(code="500199-GG-0501-00")
        form = form_answers(matter.form_fields, applicant, Random(1), timezone.localdate())
        case, _ = services.case_submit(
            actor=None, applicant=applicant, channel="WINDOW", service_point=point,
            matter_code=matter.code, form_data=form,
        )  # fmt: skip
        return case

    def test_the_demo_logins_have_cases_in_every_state(self):
        assert self.demo_created >= 2 * len(S.values)
        for username in ("citizen", "company"):
            mine = Case.objects.filter(applicant__user__username=username)
            assert set(mine.values_list("status", flat=True)) == set(S.values), username
        reviewer_department = Case.objects.get(idempotency_key="demo-citizen-in_review")
        inbox = department_inbox(reviewer_department.lead_department_id)
        lights = set(
            with_signal(Case.objects.filter(pk__in=inbox.values("case_id")))
            .filter(applicant__user__username__in=("citizen", "company"))
            .values_list("signal", flat=True)
        )
        assert {Signal.GREEN, Signal.YELLOW, Signal.RED} <= lights
        red = Case.objects.get(idempotency_key="demo-citizen-accepted-red")
        assert red.accepted_at.date() < timezone.localdate() and workdays.is_workday(
            timezone.localdate(red.accepted_at)
        )

    def test_running_again_creates_nothing_twice(self):
        before = (Case.objects.count(), Applicant.objects.count(), AuditEvent.objects.count(),
                  CaseCounter.objects.count())  # fmt: skip
        assert load_history(count=COUNT, seed=7) == 0
        assert load_demo_cases() == 0
        call_command("demo_cases", count=50, verbosity=0)
        after = (Case.objects.count(), Applicant.objects.count(), AuditEvent.objects.count(),
                 CaseCounter.objects.count())  # fmt: skip
        assert after == before
