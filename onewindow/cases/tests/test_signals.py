"""Later apps learn of every move of a case from cases.signals.case_moved, sent inside the
transaction that made it."""

import pytest

from onewindow.cases import services
from onewindow.cases.choices import CaseStatus as S
from onewindow.cases.signals import case_moved


@pytest.fixture
def heard():
    moves = []

    def receiver(sender, case, before, after, actor, **kwargs):
        case.refresh_from_db(fields=["status"])  # already written when the signal is sent
        moves.append((before, after, case.status, actor.username))

    case_moved.connect(receiver)
    yield moves
    case_moved.disconnect(receiver)


def test_every_move_is_sent_once_after_it_is_written(accepted, people, heard):
    case = accepted()
    assert heard == [
        (S.SUBMITTED, S.PRE_REVIEWED, S.PRE_REVIEWED, "clerk"),
        (S.PRE_REVIEWED, S.ACCEPTED, S.ACCEPTED, "clerk"),
    ]
    services.case_withdraw(case_id=case.pk, actor=people["citizen"], reason="不办了")
    assert heard[-1] == (S.ACCEPTED, S.WITHDRAWN, S.WITHDRAWN, "citizen")


def test_a_failing_receiver_rolls_the_move_back(submit, people):
    case = submit()

    def refuse(sender, **kwargs):
        raise RuntimeError("receiver failed")

    case_moved.connect(refuse)
    try:
        with pytest.raises(RuntimeError):
            services.case_pre_review(case_id=case.pk, actor=people["clerk"])
    finally:
        case_moved.disconnect(refuse)
    case.refresh_from_db()
    assert case.status == S.SUBMITTED
