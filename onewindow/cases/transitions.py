"""The state machine of a case: which status may follow which, and why not otherwise."""

from onewindow.lib.errors import Conflict

from .choices import UNDECIDED, CaseStatus

S = CaseStatus

ALLOWED: dict[str, frozenset[str]] = {
    S.SUBMITTED: frozenset({S.PRE_REVIEWED, S.WITHDRAWN}),
    S.PRE_REVIEWED: frozenset({S.ACCEPTED, S.SUPPLEMENT_REQUESTED, S.REFUSED, S.WITHDRAWN}),
    S.SUPPLEMENT_REQUESTED: frozenset({S.ACCEPTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.IN_REVIEW: frozenset({S.SUSPENDED, S.APPROVED, S.DENIED, S.WITHDRAWN}),
    S.SUSPENDED: frozenset({S.IN_REVIEW, S.WITHDRAWN}),
    S.APPROVED: frozenset({S.DELIVERED}),
    S.DENIED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.CLOSED}),
    S.REFUSED: frozenset(),
    S.CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
assert all(S.WITHDRAWN in ALLOWED[s] for s in UNDECIDED), (
    "withdrawal is allowed before any decision"
)

# Why a move is refused, by the status the case is in (the message a clerk or applicant reads).
WHY_NOT: dict[str, str] = {
    S.SUBMITTED: "办件尚未预审",
    S.PRE_REVIEWED: "办件尚未受理",
    S.SUPPLEMENT_REQUESTED: "办件正在等待申请人补正材料",
    S.ACCEPTED: "办件已受理，尚未进入审查",
    S.IN_REVIEW: "办件正在审查中",
    S.SUSPENDED: "办件处于特殊环节（暂停计时），请先结束特殊环节",
    S.APPROVED: "办件已作出准予许可决定",
    S.DENIED: "办件已作出不予许可决定",
    S.DELIVERED: "办件结果已送达",
    S.REFUSED: "办件已不予受理",
    S.CLOSED: "办件已办结归档",
    S.WITHDRAWN: "办件已被申请人撤回",
}


def check(current: str, target: str) -> None:
    """Raises Conflict (409) with the reason when `current` may not become `target`."""
    if target not in ALLOWED[current]:
        raise Conflict(
            f"{WHY_NOT[current]}，不能变更为「{CaseStatus(target).label}」",
            code="case_transition_forbidden",
            details={"from": current, "to": target},
        )
