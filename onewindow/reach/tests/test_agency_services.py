from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from onewindow.cases.choices import CaseChannel, CaseStatus, DeliveryMethod
from onewindow.lib.errors import Conflict, Forbidden

from ..choices import AgencyMode, AgencySource, AgencyStatus
from ..models import AgencyRequest, Runner
from ..services import agency as services
from .conftest import POLICE_FORM, approve

pytestmark = pytest.mark.django_db


def new_request(applicant, region, mode=AgencyMode.FULL_AGENCY, matter="QR-003"):
    return services.agency_request_create(
        applicant=applicant, matter_code=matter, mode=mode, source=AgencySource.WEB,
        region=region, phone="13800000000", address="桃源村3组", actor=None,
    )  # fmt: skip


def test_a_request_goes_to_the_runner_of_its_own_village_first(applicant, places, runners):
    request = new_request(applicant, places["village"])
    assert request.status == AgencyStatus.ASSIGNED
    assert request.runner == runners["village"]
    runners["village"].refresh_from_db()
    assert runners["village"].open_load == 1


def test_a_full_village_runner_passes_the_request_to_the_town_then_the_district(
    applicant, places, runners
):
    new_request(applicant, places["village"])  # the village runner's only place
    second = new_request(applicant, places["village"])
    assert second.runner == runners["town"]
    Runner.objects.filter(pk=runners["town"].pk).update(is_active=False)
    third = new_request(applicant, places["village"])
    assert third.runner == runners["district"]


def test_among_runners_of_one_level_the_least_loaded_is_chosen(
    applicant, places, runners, django_user_model
):
    from .conftest import make_user

    busy = runners["town"]
    idle = Runner.objects.create(
        user=make_user(django_user_model, "r_town2", "RUNNER"), full_name="r_town2",
        region=places["town"], capacity=3,
    )  # fmt: skip
    Runner.objects.filter(pk=busy.pk).update(open_load=2)
    request = new_request(applicant, places["town"])
    assert request.runner == idle


def test_without_a_free_runner_the_request_waits_and_is_assigned_later(applicant, places, runners):
    Runner.objects.update(is_active=False)
    request = new_request(applicant, places["village"])
    assert request.status == AgencyStatus.WAITING and request.runner is None
    Runner.objects.filter(pk=runners["town"].pk).update(is_active=True)
    assert services.agency_request_assign_waiting(actor=None) == 1
    request.refresh_from_db()
    assert request.runner == runners["town"]


def test_the_runner_cannot_apply_without_an_authorisation(applicant, places, runners):
    request = new_request(applicant, places["village"])
    with pytest.raises(Conflict) as err:
        services.agency_apply(
            request_id=request.pk, form_data=POLICE_FORM, actor=runners["village"].user
        )
    assert err.value.code == "authorisation_required"


def test_only_the_assigned_runner_may_act(applicant, places, runners):
    request = new_request(applicant, places["village"])
    with pytest.raises(Forbidden):
        services.authorisation_record(
            request_id=request.pk, scope="代为提交", valid_from=date.today(),
            valid_until=date.today(), actor=runners["town"].user,
        )  # fmt: skip


def test_an_expired_authorisation_does_not_allow_an_application(applicant, places, runners):
    runner = runners["village"].user
    request = new_request(applicant, places["village"])
    today = timezone.localdate()
    services.authorisation_record(
        request_id=request.pk, scope="代为提交申请并领取结果", valid_from=today,
        valid_until=today + timedelta(days=3), actor=runner,
    )  # fmt: skip
    with time_machine.travel(timezone.now() + timedelta(days=5)), pytest.raises(Conflict) as err:
        services.agency_apply(request_id=request.pk, form_data=POLICE_FORM, actor=runner)
    assert err.value.code == "authorisation_expired"
    assert AgencyRequest.objects.get(pk=request.pk).case is None


def test_remote_guidance_needs_no_authorisation_and_ends_without_a_case(applicant, places, runners):
    runner = runners["village"].user
    request = new_request(applicant, places["village"], mode=AgencyMode.REMOTE_GUIDANCE)
    with pytest.raises(Conflict):
        services.authorisation_record(
            request_id=request.pk, scope="x", valid_from=date.today(), valid_until=date.today(),
            actor=runner,
        )  # fmt: skip
    done = services.agency_guidance_done(
        request_id=request.pk, note="电话指导网上申请", actor=runner
    )
    assert done.status == AgencyStatus.GUIDED
    assert Runner.objects.get(pk=runners["village"].pk).open_load == 0


def test_full_agency_runs_to_a_mailed_result(applicant, places, runners, people):
    runner = runners["village"].user
    request = new_request(applicant, places["village"])
    today = timezone.localdate()
    services.authorisation_record(
        request_id=request.pk, scope="代为提交申请材料、代为领取并寄送结果", valid_from=today,
        valid_until=today + timedelta(days=30), actor=runner,
    )  # fmt: skip
    case = services.agency_apply(
        request_id=request.pk, form_data=POLICE_FORM, materials=[{"name": "出生医学证明"}],
        mail_address="桃源村3组12号", actor=runner,
    )  # fmt: skip
    assert case.channel == CaseChannel.AGENT and case.submitted_by == runner
    with pytest.raises(Conflict) as err:
        services.agency_mail_result(request_id=request.pk, tracking_number="EMS1", actor=runner)
    assert err.value.code == "case_not_decided"
    approve(case, people)
    done = services.agency_mail_result(
        request_id=request.pk, tracking_number="EMS1234567890CN", actor=runner
    )
    assert done.status == AgencyStatus.DELIVERED and done.finished_at is not None
    case.refresh_from_db()
    assert case.status == CaseStatus.DELIVERED
    assert case.delivery.method == DeliveryMethod.MAIL
    assert case.delivery.tracking_number == "EMS1234567890CN"
    assert case.delivery.address == "桃源村3组12号"
    assert Runner.objects.get(pk=runners["village"].pk).open_load == 0


def test_a_runner_cannot_apply_for_a_guidance_request(applicant, places, runners):
    request = new_request(applicant, places["village"], mode=AgencyMode.REMOTE_GUIDANCE)
    with pytest.raises(Conflict) as err:
        services.agency_apply(
            request_id=request.pk, form_data=POLICE_FORM, actor=runners["village"].user
        )
    assert err.value.code == "guidance_only"


def finished_request(applicant, places, runners):
    request = new_request(applicant, places["village"], mode=AgencyMode.ON_SITE)
    return services.agency_guidance_done(
        request_id=request.pk, note="上门协助填表", actor=request.runner.user
    )


def test_the_applicant_rates_the_runner_once(applicant, places, runners, people):
    from onewindow.ratings.models import Rating

    request = finished_request(applicant, places, runners)
    rating = services.agency_rate(
        request_id=request.pk, level="VERY_SATISFIED", comment="很耐心", actor=people["citizen"]
    )
    assert rating.staff == runners["village"].user and rating.subject == request
    with pytest.raises(Conflict) as err:
        services.agency_rate(request_id=request.pk, level="SATISFIED", actor=people["citizen"])
    assert err.value.code == "already_rated"
    assert Rating.objects.count() == 1


def test_only_the_applicant_rates_and_only_a_finished_request(applicant, places, runners, people):
    open_request = new_request(applicant, places["village"])
    with pytest.raises(Conflict):
        services.agency_rate(request_id=open_request.pk, level="SATISFIED", actor=people["citizen"])
    done = finished_request(applicant, places, runners)
    with pytest.raises(Forbidden):
        services.agency_rate(request_id=done.pk, level="SATISFIED", actor=people["other_citizen"])


def test_runner_statistics_count_requests_and_ratings(
    applicant, places, runners, people, django_assert_num_queries
):
    from .. import selectors

    done = finished_request(applicant, places, runners)
    services.agency_rate(request_id=done.pk, level="SATISFIED", actor=people["citizen"])
    new_request(applicant, places["town"])
    ContentType.objects.get_for_model(AgencyRequest)  # cached after the first look-up
    with django_assert_num_queries(2):  # ratings, runners
        stats = {r.full_name: r for r in selectors.runner_stats_rated()}
    village = stats["r_village"]
    assert (village.total, village.finished, village.open, village.ratings, village.mean_score) == (
        1,
        1,
        0,
        1,
        4,
    )
    assert stats["r_town"].open == 1
    regions = {r["region__name"]: r for r in selectors.region_stats()}
    assert regions["桃源村"]["finished"] == 1 and regions["青石镇"]["open"] == 1


def test_a_waiting_request_is_assigned_when_the_runner_finishes_another(
    applicant, places, runners, django_capture_on_commit_callbacks
):
    Runner.objects.exclude(pk=runners["village"].pk).update(is_active=False)
    first = new_request(applicant, places["village"], mode=AgencyMode.ON_SITE)
    waiting = new_request(applicant, places["village"], mode=AgencyMode.ON_SITE)
    assert waiting.status == AgencyStatus.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        services.agency_guidance_done(
            request_id=first.pk, note="已上门协助", actor=first.runner.user
        )
    waiting.refresh_from_db()
    assert waiting.status == AgencyStatus.ASSIGNED and waiting.runner == runners["village"]
