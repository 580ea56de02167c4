"""A milestone linked to the case that applies for its permit is done when the case is
approved (cases.signals.case_moved, in the approval's transaction); a denial leaves it open."""

import pytest

from onewindow.cases import services as cs
from onewindow.cases.tests.conftest import GOOD_FORM
from onewindow.enterprise.choices import MilestoneStatus
from onewindow.enterprise.services import projects as ps

pytestmark = pytest.mark.django_db


def _decide_all(case, staff, approve):
    for step in (1, 2):
        for review in case.reviews.filter(step=step):
            reviewer = (
                staff["fire_reviewer"] if review.department.code == "XF" else staff["food_reviewer"]
            )
            cs.review_decide(review_id=review.pk, actor=reviewer, approve=approve,
                             opinion="" if approve else "不符合条件")  # fmt: skip
            if not approve:
                return


@pytest.mark.parametrize("approve, status", [(True, MilestoneStatus.DONE),
                                              (False, MilestoneStatus.IN_PROGRESS)])  # fmt: skip
def test_the_permit_decision_moves_the_linked_milestone(make_card, staff, enterprise, district,
                                                        approve, status):  # fmt: skip
    case, _ = cs.case_submit(
        applicant=enterprise, channel="WINDOW", matter_code="XK-001", bundle_code=None,
        form_data=GOOD_FORM, service_point=district["hall"], actor=staff["clerk"],
    )  # fmt: skip
    cs.case_pre_review(case_id=case.pk, actor=staff["clerk"])
    case = cs.case_accept(case_id=case.pk, actor=staff["clerk"])
    milestone = make_card().milestones.get(order=2)
    ps.milestone_link_case(
        milestone_id=milestone.pk, case_number=case.number, actor=staff["steward"]
    )
    _decide_all(case, staff, approve)
    milestone.refresh_from_db()
    assert milestone.status == status
    assert (milestone.done_at is not None) == approve
