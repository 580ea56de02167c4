"""申诉复核: an upheld appeal excludes the bad rating with its reason; a rejected one does not."""

import pytest

from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.ratings import services
from onewindow.ratings.choices import RectificationStatus
from onewindow.ratings.models import Rating
from onewindow.ratings.signals import rating_excluded

pytestmark = pytest.mark.django_db


@pytest.fixture
def bad(delivered_at_window, people):
    case = delivered_at_window()
    return services.rating_submit(
        case_id=case.pk, level="VERY_DISSATISFIED", source="WEB", actor=people["citizen"]
    )


def test_an_upheld_appeal_excludes_the_rating_and_keeps_the_reason(bad, people, django_user_model):
    appeal = services.appeal_file(
        rating_id=bad.pk, reason="申请人误点差评，电话中已确认", actor=people["clerk"]
    )
    heard = []
    rating_excluded.connect(
        lambda **kw: heard.append(kw["rating"].pk), weak=False, dispatch_uid="t"
    )
    try:
        services.appeal_review(
            appeal_id=appeal.pk, upheld=True, note="录音核实为误评", actor=people["supervisor"]
        )
    finally:
        rating_excluded.disconnect(dispatch_uid="t")
    bad.refresh_from_db()
    assert (
        bad.excluded
        and "误点差评" in bad.excluded_reason
        and "录音核实为误评" in bad.excluded_reason
    )
    assert bad.rectification.status == RectificationStatus.EXCLUDED
    assert heard == [bad.pk]


def test_a_rejected_appeal_leaves_the_rating_counted(bad, people):
    appeal = services.appeal_file(rating_id=bad.pk, reason="认为评价不公", actor=people["clerk"])
    services.appeal_review(
        appeal_id=appeal.pk, upheld=False, note="评价有事实依据", actor=people["supervisor"]
    )
    assert not Rating.objects.get(pk=bad.pk).excluded
    with pytest.raises(Conflict):
        services.appeal_review(
            appeal_id=appeal.pk, upheld=True, note="再议", actor=people["supervisor"]
        )


def test_one_pending_appeal_per_rating(bad, people):
    services.appeal_file(rating_id=bad.pk, reason="误评", actor=people["clerk"])
    with pytest.raises(Conflict) as err:
        services.appeal_file(rating_id=bad.pk, reason="再次申诉", actor=people["clerk"])
    assert err.value.code == "appeal_pending"


def test_the_filer_cannot_review_their_own_appeal(bad, people):
    appeal = services.appeal_file(rating_id=bad.pk, reason="误评", actor=people["supervisor"])
    with pytest.raises(Forbidden) as err:
        services.appeal_review(
            appeal_id=appeal.pk, upheld=True, note="同意", actor=people["supervisor"]
        )
    assert err.value.code == "appeal_self_review"


def test_only_supervisors_review_and_a_note_is_required(bad, people):
    appeal = services.appeal_file(rating_id=bad.pk, reason="误评", actor=people["clerk"])
    with pytest.raises(Forbidden):
        services.appeal_review(
            appeal_id=appeal.pk, upheld=True, note="同意", actor=people["police_reviewer"]
        )
    with pytest.raises(InvalidInput):
        services.appeal_review(
            appeal_id=appeal.pk, upheld=True, note=" ", actor=people["supervisor"]
        )


def test_good_ratings_and_outsiders_cannot_appeal(delivered_online, bad, people):
    good = services.rating_submit(
        case_id=delivered_online().pk, level="SATISFIED", source="WEB", actor=people["citizen"]
    )
    with pytest.raises(Conflict):
        services.appeal_file(rating_id=good.pk, reason="x", actor=people["supervisor"])
    with pytest.raises(Forbidden):
        services.appeal_file(rating_id=bad.pk, reason="x", actor=people["food_reviewer"])
