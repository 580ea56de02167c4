"""Turns a Plan into the rows the services would have written along the way: reviews,
notices, a special step, the delivery, materials and a compact audit trail.

Rows are dicts keyed by attname for bulk.insert; case_id (and the audit object_id) is
filled in once the case row has its id. Summaries and actions copy the services'
wording (services/*.py) so that history and live cases read the same on a timeline.
"""

from datetime import datetime, timedelta

from ..choices import CaseStatus, DeliveryMethod, MaterialCheck, NoticeKind, ReviewStatus
from ..services.common import NOTICE_PREFIX
from .plan import Plan, Simulator

S, R = CaseStatus, ReviewStatus
APPROVE_OPINIONS = ("", "同意", "材料齐全，符合条件", "经审查，符合规定条件", "同意，按程序办理")
# Materials are kept only for cases still being handled: 20,000 closed cases would
# add ~80,000 rows nobody opens, and the concluded case pages do not list them.
WITH_MATERIALS = (
    S.SUBMITTED, S.PRE_REVIEWED, S.SUPPLEMENT_REQUESTED, S.ACCEPTED, S.IN_REVIEW, S.SUSPENDED,
)  # fmt: skip


class RowMaker:
    def __init__(self, sim: Simulator, reviewers: dict[int, list[int]], case_type_id: int):
        self.sim, self.rng, self.now = sim, sim.rng, sim.now
        self.reviewers, self.case_type_id = reviewers, case_type_id

    def _reviewer(self, department_id: int) -> int | None:
        staff = self.reviewers.get(department_id)
        return self.rng.choice(staff) if staff else None

    def _decide(self, review: dict, at: datetime, status=R.APPROVED, opinion=None) -> None:
        review.update(status=status, decided_at=at, reviewer_id=self._reviewer(review["department_id"]),
                      opinion=self.rng.choice(APPROVE_OPINIONS) if opinion is None else opinion)  # fmt: skip

    def _times(self, p: Plan, n: int, end: datetime) -> list[datetime]:
        """n decision moments after acceptance, none inside a special step (the clock and
        the work stop there)."""
        out = []
        for _ in range(n):
            at = self.sim.between(p.accepted_at, end)
            if p.suspension and p.suspension[2] <= at and (p.suspension[3] or end) >= at:
                at = min(end, (p.suspension[3] or end) + timedelta(minutes=self.rng.randint(5, 90)))
            out.append(at)
        return sorted(out)

    def reviews(self, p: Plan) -> list[dict]:
        """Step 1 for every department at once, step 2 the lead's decision (as _open_reviews)."""
        if p.accepted_at is None:
            return []
        t, ta = p.target, p.accepted_at
        first = [
            dict(department_id=d, step=1, step_name="审查", is_lead=d == t.lead_id,
                 is_decision=False, status=R.OPEN, opened_at=ta)
            for d in t.departments
        ]  # fmt: skip
        decision = dict(department_id=t.lead_id, step=2, step_name="决定", is_lead=True,
                        is_decision=True, status=R.WAITING)  # fmt: skip
        if t.immediate:
            for r in [*first, decision]:
                self._decide(r, ta, opinion="即办")
            decision["opened_at"] = ta
        elif p.concluded_at and p.status not in (S.REFUSED, S.WITHDRAWN):
            end = p.concluded_at
            times = self._times(p, len(first), end)
            if p.denial:  # the lead says no last, after the others agreed
                for r, at in zip(first[1:], times, strict=False):
                    self._decide(r, at)
                self._decide(first[0], end, R.DENIED, p.denial)
                decision["status"] = R.CANCELLED
            else:
                for r, at in zip(first, times, strict=True):
                    self._decide(r, at)
                decision["opened_at"] = times[-1]
                self._decide(decision, end, opinion="准予许可")
            p.first_decided = times[0] if len(first) > 1 or not p.denial else end
        else:  # still running, or withdrawn half-way
            end = p.withdrawn_at or (p.suspension[2] if p.suspension else self.now)
            done = self.rng.sample(first, p.progress)
            times = self._times(p, p.progress, end)
            for r, at in zip(done, times, strict=True):
                self._decide(r, at)
            if times:
                p.first_decided = times[0]
                if p.progress == len(first):
                    decision.update(status=R.OPEN, opened_at=times[-1])
            if p.status == S.WITHDRAWN:
                for r in [*first, decision]:
                    if r["status"] in (R.OPEN, R.WAITING):
                        r["status"] = R.CANCELLED
        p.decider_id = decision.get("reviewer_id") or first[0].get("reviewer_id")
        return [*first, decision]

    def notices(self, p: Plan) -> list[dict]:
        out = []

        def issue(kind, at, items=(), reason=""):
            out.append(dict(kind=kind, issued_at=at, items=list(items), reason=reason,
                            number=f"{NOTICE_PREFIX[kind]}〔{p.number}〕1号",
                            department_id=p.target.lead_id))  # fmt: skip

        if p.supplement_at:
            issue(NoticeKind.SUPPLEMENT, p.supplement_at, items=p.supplement_items)
        if p.refusal:
            issue(NoticeKind.REFUSAL, p.concluded_at, reason=p.refusal)
        if p.accepted_at:
            issue(NoticeKind.ACCEPTANCE, p.accepted_at)
        if p.denial and p.concluded_at:
            issue(NoticeKind.DENIAL, p.concluded_at, items=[self.reason(p)], reason=self.reason(p))
        return out

    @staticmethod
    def reason(p: Plan) -> str:
        if p.refusal:
            return p.refusal
        return f"{p.target.lead_name}：{p.denial}" if p.denial else ""

    def suspensions(self, p: Plan) -> list[dict]:
        if not p.suspension:
            return []
        reason, expected, started, ended, days = p.suspension
        return [dict(reason=reason, expected_workdays=expected, started_at=started, ended_at=ended,
                     workdays=days, started_by_id=self._reviewer(p.target.lead_id))]  # fmt: skip

    def deliveries(self, p: Plan) -> list[dict]:
        if not p.delivery:
            return []
        method, at = p.delivery
        mail = method == DeliveryMethod.MAIL
        return [dict(
            method=method, delivered_at=at, address=p.applicant.address if mail else "",
            tracking_number=f"SF{self.rng.randrange(10**12):012d}" if mail else "",
            delivered_by_id=p.clerk_id if method == DeliveryMethod.WINDOW else None,
        )]  # fmt: skip

    def materials(self, p: Plan) -> list[dict]:
        if p.status not in WITH_MATERIALS:
            return []
        asked = {i["name"]: i["problem"] for i in p.supplement_items}
        out = []
        for material_id, name in p.target.materials:
            row = dict(material_id=material_id, name=name, check_result=MaterialCheck.PROVIDED,
                       check_note="", checked_at=p.pre_reviewed_at)  # fmt: skip
            if name in asked and p.completed_at:
                row.update(check_note="补正", checked_at=p.completed_at)
            elif name in asked:
                problem = asked[name]
                bad = MaterialCheck.MISSING if problem == "缺少" else MaterialCheck.INVALID
                row.update(check_result=bad, check_note=problem)
            out.append(row)
        return out

    def audit(self, p: Plan) -> list[dict]:
        """The case's trail, oldest first; sets p.moves (the case's version is moves + 1)."""
        events, state = [], [S.SUBMITTED]
        clerk = p.clerk_id

        def event(at, action, summary, actor=None, changes=None):
            events.append(dict(
                actor_id=actor, action=action, content_type_id=self.case_type_id,
                object_repr=p.number, summary=summary[:500], changes=changes or {}, created_at=at,
            ))  # fmt: skip

        def move(at, target, summary, actor=None, **extra):
            event(at, f"case.{target.lower()}", summary, actor, {"status": [state[-1], target], **extra})  # fmt: skip
            state.append(target)

        t, problems = p.target, len(p.supplement_items)
        event(p.submitted_at, "case.submitted", f"提交申请：{t.title}", clerk)
        if p.pre_reviewed_at:
            summary = "当场核验材料" if t.immediate else "预审通过" if not problems else f"预审发现 {problems} 项材料问题"  # fmt: skip
            move(p.pre_reviewed_at, S.PRE_REVIEWED, summary, clerk)
        if p.supplement_at:
            move(p.supplement_at, S.SUPPLEMENT_REQUESTED, f"一次性告知补正 {problems} 项材料", clerk,
                 items=[i["name"] for i in p.supplement_items])  # fmt: skip
        if p.completed_at:
            event(p.completed_at, "case.supplement_completed", f"补正材料 {problems} 项", clerk)
        if p.refusal:
            move(p.concluded_at, S.REFUSED, f"不予受理：{p.refusal}", clerk)
        if p.accepted_at:
            due = f"{p.first_due:%Y年%m月%d日}"
            move(p.accepted_at, S.ACCEPTED, f"受理，承诺{t.limit}个工作日内办结（{due}前）", clerk)
        if t.immediate and p.accepted_at:
            move(p.accepted_at, S.IN_REVIEW, "当场审查", clerk)
            move(p.concluded_at, S.APPROVED, "即办件当场办结", clerk)
        elif p.accepted_at:
            starts = [x for x in (p.first_decided, p.suspension and p.suspension[2]) if x]
            if starts:
                move(min(starts), S.IN_REVIEW, "进入审查", p.decider_id)
            if p.suspension:
                reason, expected, started, ended, days = p.suspension
                move(started, S.SUSPENDED, f"进入特殊环节：{reason}（预计{expected}个工作日，不计入办理时限）", p.decider_id)  # fmt: skip
                if ended:
                    move(ended, S.IN_REVIEW, f"结束特殊环节「{reason}」，用时{days}个工作日，办结期限顺延至{p.due_at - timedelta(seconds=1):%Y年%m月%d日}", p.decider_id)  # fmt: skip
            if p.concluded_at:
                if p.denial:
                    move(p.concluded_at, S.DENIED, "不予许可", p.decider_id)
                else:
                    move(p.concluded_at, S.APPROVED, "准予许可", p.decider_id)
        if p.withdrawn_at:
            why = f"：{p.withdraw_reason}" if p.withdraw_reason else ""
            move(p.withdrawn_at, S.WITHDRAWN, f"申请人撤回申请{why}")
        if p.delivery:
            method, at = p.delivery
            summary = "当场出件" if t.immediate else f"送达：{DeliveryMethod(method).label}"
            move(at, S.DELIVERED, summary, clerk)
        if p.closed_at:
            move(p.closed_at, S.CLOSED, "办结归档", clerk)
        p.moves = len(state) - 1
        return events
