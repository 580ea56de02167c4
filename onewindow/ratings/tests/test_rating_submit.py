"""rating_submit: who may rate, when, once, and what a bad rating opens."""

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError

from onewindow.audit.models import AuditEvent
from onewindow.catalog.models import Window
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput
from onewindow.ratings import services
from onewindow.ratings.choices import RatingChannel, RectificationStatus
from onewindow.ratings.models import Rating, Rectification
from onewindow.ratings.signals import rating_submitted

pytestmark = pytest.mark.django_db


def test_the_applicant_rates_a_delivered_case_online(delivered_online, people):
    case = delivered_online()
    rating = services.rating_submit(
        case_id=case.pk,
        level="SATISFIED",
        source="WEB",
        scores={"efficiency": 5, "guide_accuracy": "4"},
        comment=" 很方便 ",
        actor=people["citizen"],
    )
    assert rating.channel == RatingChannel.ONLINE
    assert rating.scores == {"efficiency": 5, "guide_accuracy": 4, "overall": 4}
    assert rating.comment == "很方便" and not rating.is_bad
    assert rating.department_id == case.lead_department_id and rating.matter_id == case.matter_id
    assert not Rectification.objects.exists()
    assert AuditEvent.objects.filter(action="rating.submit", object_id=str(rating.pk)).count() == 1


def test_a_window_case_is_rated_on_site_with_the_window_and_clerk(delivered_at_window, people):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="VERY_SATISFIED", source="WEB", actor=people["citizen"]
    )
    assert rating.channel == RatingChannel.ON_SITE
    assert rating.window_id == case.window_id and rating.staff == people["clerk"]
    assert rating.service_point_id == case.service_point_id


def test_a_case_not_delivered_cannot_be_rated(accepted, people):
    case = accepted()
    with pytest.raises(Conflict) as err:
        services.rating_submit(
            case_id=case.pk, level="SATISFIED", source="WEB", actor=people["citizen"]
        )
    assert err.value.code == "rating_not_delivered" and err.value.status == 409
    assert "送达" in err.value.message


def test_only_the_applicant_rates_on_the_web(delivered_at_window, people):
    case = delivered_at_window()
    for someone in (people["other_citizen"], people["clerk"]):
        with pytest.raises(Forbidden):
            services.rating_submit(case_id=case.pk, level="SATISFIED", source="WEB", actor=someone)
    assert not Rating.objects.exists()


def test_a_case_is_rated_once_per_channel(delivered_at_window, people):
    case = delivered_at_window()
    services.rating_submit(
        case_id=case.pk, level="SATISFIED", source="WEB", actor=people["citizen"]
    )
    with pytest.raises(Conflict) as err:
        services.rating_submit(
            case_id=case.pk, level="BASIC", source="WEB", actor=people["citizen"]
        )
    assert err.value.code == "already_rated"
    assert Rating.objects.count() == 1


def test_the_database_refuses_a_second_rating_of_a_case(delivered_at_window, people):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="SATISFIED", source="WEB", actor=people["citizen"]
    )
    rating.pk = None
    with pytest.raises(IntegrityError):
        rating.save(force_insert=True)


def test_the_device_of_the_window_that_handled_the_case_may_rate(
    delivered_at_window, device, district
):
    case = delivered_at_window()
    other_window = Window.objects.create(
        service_point=district["hall"], number="9", name="九号", kind="COMPREHENSIVE"
    )
    other = type(device).objects.create(window=other_window)
    with pytest.raises(Forbidden) as err:
        services.rating_submit(
            case_id=case.pk, level="SATISFIED", source="DEVICE", device=other, actor=None
        )
    assert err.value.code == "rating_device_window"
    rating = services.rating_submit(
        case_id=case.pk, level="SATISFIED", source="DEVICE", device=device, actor=None
    )
    assert rating.source == "DEVICE" and rating.rated_by is None


def test_the_qr_token_of_the_case_allows_rating(delivered_at_window):
    case = delivered_at_window()
    with pytest.raises(Forbidden):
        services.rating_submit(
            case_id=case.pk, level="SATISFIED", source="QR", token="forged", actor=None
        )
    rating = services.rating_submit(
        case_id=case.pk,
        level="SATISFIED",
        source="QR",
        token=services.qr_token(case.number),
        actor=None,
    )
    assert rating.source == "QR"


@pytest.mark.parametrize(
    "kw, code",
    [
        ({"level": "GREAT"}, "rating_level_invalid"),
        ({"scores": {"attitude": 6}}, "rating_score_invalid"),
        ({"scores": {"guide_accuracy": 3}}, "rating_dimension_invalid"),  # an online dimension
        ({"comment": "差" * 501}, "rating_comment_too_long"),
    ],
)
def test_bad_input_is_refused_without_writing(delivered_at_window, people, kw, code):
    case = delivered_at_window()
    args = {"level": "SATISFIED", "source": "WEB", **kw}
    with pytest.raises(InvalidInput) as err:
        services.rating_submit(case_id=case.pk, actor=people["citizen"], **args)
    assert err.value.code == code
    assert not Rating.objects.exists()


@time_machine.travel("2026-09-30 10:00 +0800", tick=False)
def test_a_bad_rating_opens_a_rectification_with_working_day_deadlines(delivered_at_window, people):
    # 2026-10-01..07 is the National Day holiday (2026-09-30 is a Wednesday).
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk,
        level="VERY_DISSATISFIED",
        source="WEB",
        comment="等太久",
        actor=people["citizen"],
    )
    assert rating.is_bad
    rect = rating.rectification
    assert rect.status == RectificationStatus.VERIFYING and rect.responsible == people["clerk"]
    assert rect.department_id == case.lead_department_id
    from onewindow.lib import workdays

    assert rect.verify_due_date == workdays.add_workdays(date(2026, 9, 30), 1)
    assert rect.rectify_due_date == workdays.add_workdays(date(2026, 9, 30), 5)
    assert rect.rectify_due_date > date(2026, 10, 7)  # the holiday is not counted


def test_deadlines_come_from_settings(delivered_at_window, people, settings):
    settings.RATINGS_VERIFY_WORKDAYS = 2
    settings.RATINGS_RECTIFY_WORKDAYS = 15
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
    )
    from onewindow.lib import workdays

    today = rating.created_at.astimezone().date()
    assert rating.rectification.rectify_due_date == workdays.add_workdays(today, 15)
    assert rating.rectification.verify_due_date == workdays.add_workdays(today, 2)


def test_a_failing_listener_rolls_the_rating_back(delivered_at_window, people):
    case = delivered_at_window()

    def boom(**kwargs):
        raise RuntimeError("listener failed")

    rating_submitted.connect(boom)
    try:
        with pytest.raises(RuntimeError):
            services.rating_submit(
                case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
            )
    finally:
        rating_submitted.disconnect(boom)
    assert not Rating.objects.exists() and not Rectification.objects.exists()


def test_another_app_rates_its_own_subject_once(district, people, applicant):
    # Any model instance may be a subject; a Window stands in for an agency request here.
    subject = district["window"]
    rating = services.rating_submit(
        subject=subject,
        channel="ON_SITE",
        level="DISSATISFIED",
        source="WEB",
        applicant=applicant,
        staff=people["clerk"],
        department=district["food"],
        actor=people["citizen"],
    )
    assert rating.subject == subject and rating.case is None
    assert rating.rectification.responsible == people["clerk"]
    with pytest.raises(Conflict):
        services.rating_submit(
            subject=subject, channel="ON_SITE", level="SATISFIED", source="WEB", actor=None
        )


def test_the_device_does_not_take_an_online_case(delivered_online, district):
    from onewindow.ratings.models import RatingDevice

    case = delivered_online()
    device = RatingDevice.objects.create(window=district["window"])
    case.window = district["window"]  # even if it names the window
    case.save(update_fields=["window"])
    with pytest.raises(Conflict) as err:
        services.rating_submit(
            case_id=case.pk, level="SATISFIED", source="DEVICE", device=device, actor=None
        )
    assert err.value.code == "rating_channel_mismatch"


def test_an_inactive_device_may_not_rate(delivered_at_window, device):
    case = delivered_at_window()
    device.is_active = False
    device.save()
    with pytest.raises(Forbidden):
        services.rating_submit(
            case_id=case.pk, level="SATISFIED", source="DEVICE", device=device, actor=None
        )
