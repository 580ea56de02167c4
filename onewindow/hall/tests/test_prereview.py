"""Pre-review before queueing (先预审、后排队): services, statistics and the desk pages."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from onewindow.hall import prereview, services
from onewindow.hall.choices import Rank, TicketSource
from onewindow.hall.models import PreReview, Ticket
from onewindow.hall.selectors_prereview import prereview_time_by_matter
from onewindow.lib.errors import Conflict, InvalidInput

pytestmark = [pytest.mark.django_db, pytest.mark.urls("onewindow.hall.tests.urls_public_test")]


def checks_for(matter, **results):
    """All materials PROVIDED unless named (by position: m0, m1 …) with another result."""
    out = []
    for i, material in enumerate(matter.materials.all()):
        result = results.get(f"m{i}", "PROVIDED")
        if result != "SKIP":
            out.append({"material_id": material.pk, "result": result, "note": "复印件模糊"})
    return out


def record(hall, matter, checks, *, seconds=90, actor=None, **kw):
    return prereview.pre_review_record(
        service_point=hall["point"], matter=matter, checks=checks,
        started_at=timezone.now() - timedelta(seconds=seconds), actor=actor,
        applicant_name="李四", applicant_phone="13900000000", **kw,
    )  # fmt: skip


def test_a_pass_issues_a_ticket_carrying_the_pre_review_in_the_domain_queue(hall, hall_matters):
    estate = hall_matters["estate"]
    review, ticket = record(hall, estate, checks_for(estate, m2="SKIP"))
    assert review.passed and review.problems == []
    assert ticket.queue == hall["B"] and ticket.pre_review == review
    assert ticket.source == TicketSource.PRE_REVIEW and ticket.rank == Rank.WALK_IN
    assert ticket.phone == "13900000000"
    assert 89 <= review.seconds <= 95


def test_a_matter_no_domain_queue_serves_goes_to_the_comprehensive_queue(hall, hall_matters):
    other = hall_matters["other"]
    assert prereview.queue_for_matter(hall["point"], other) == hall["A"]
    _, ticket = record(hall, other, checks_for(other))
    assert ticket.queue == hall["A"]


def test_a_closed_domain_queue_falls_back_to_the_comprehensive_queue(hall, hall_matters):
    hall["B"].is_active = False
    hall["B"].save()
    assert prereview.queue_for_matter(hall["point"], hall_matters["estate"]) == hall["A"]


def test_a_fail_issues_no_ticket_and_lists_every_problem(hall, hall_matters):
    estate = hall_matters["estate"]
    review, ticket = record(hall, estate, checks_for(estate, m0="MISSING", m1="INVALID"))
    assert ticket is None and not review.passed
    assert [(p["name"], p["result"]) for p in review.problems] == [
        ("不动产权证书", "MISSING"),
        ("买卖合同", "INVALID"),
    ]
    assert Ticket.objects.count() == 0


def test_every_required_material_must_be_checked(hall, hall_matters):
    estate = hall_matters["estate"]
    with pytest.raises(InvalidInput) as err:
        record(hall, estate, checks_for(estate, m1="SKIP"))
    assert err.value.code == "prereview_unchecked" and "买卖合同" in err.value.message
    assert PreReview.objects.count() == 0


def test_materials_of_another_matter_and_forged_start_times_are_refused(hall, hall_matters):
    estate, other = hall_matters["estate"], hall_matters["other"]
    with pytest.raises(InvalidInput):
        record(hall, estate, checks_for(other))
    with pytest.raises(InvalidInput) as err:
        record(hall, estate, checks_for(estate), seconds=-60)
    assert err.value.code == "prereview_bad_start"
    with pytest.raises(InvalidInput):
        record(hall, estate, checks_for(estate), seconds=5 * 3600)
    assert PreReview.objects.count() == 0


def test_no_queue_at_all_is_a_conflict_and_writes_nothing(hall, hall_matters):
    for letter in "AB":
        hall[letter].is_active = False
        hall[letter].save()
    with pytest.raises(Conflict):
        record(hall, hall_matters["other"], checks_for(hall_matters["other"]))
    assert PreReview.objects.count() == 0


def test_time_per_matter_for_the_statistics(hall, hall_matters):
    estate, other = hall_matters["estate"], hall_matters["other"]
    for seconds in (60, 120, 300):
        record(hall, estate, checks_for(estate), seconds=seconds)
    record(hall, estate, checks_for(estate, m0="MISSING"), seconds=30)
    record(hall, other, checks_for(other), seconds=45)
    rows = prereview_time_by_matter(service_point=hall["point"])
    assert [r["code"] for r in rows] == ["BDC-001", "QT-002"]
    first = rows[0]
    assert first["count"] == 4 and first["pass_rate"] == 0.75
    assert first["median_seconds"] == pytest.approx(90, abs=2)
    assert first["avg_seconds"] == pytest.approx(127.5, abs=2)


# The desk page


def desk_url(matter=None):
    if matter is None:
        return reverse("hall:prereview_desk")
    return reverse("hall:prereview_check", args=[matter.pk])


def test_the_desk_finds_matters_and_opens_a_signed_checklist(
    client, hall, hall_matters, hall_people
):
    client.force_login(hall_people["clerk"])
    page = client.get(desk_url(), {"q": "不动产"})
    assert page.status_code == 200 and "不动产转移登记" in page.content.decode()
    page = client.get(desk_url(hall_matters["estate"]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "买卖合同" in body and 'name="started"' in body


def test_the_desk_refuses_others(client, hall, hall_matters, hall_people):
    assert client.get(desk_url()).status_code == 302  # to the login page
    for who in ("citizen", "lost_clerk"):
        client.force_login(hall_people[who])
        assert client.get(desk_url()).status_code == 403
        assert client.get(desk_url(hall_matters["estate"])).status_code == 403


def post_checklist(client, matter, results, started=None, **extra):
    data = {"started": started or signing.dumps(
        {"m": matter.pk, "t": (timezone.now() - timedelta(seconds=75)).isoformat()},
        salt="hall.prereview")}  # fmt: skip
    for i, result in enumerate(results):
        data[f"m-r{i}"] = result
        data[f"m-n{i}"] = "缺页" if result != "PROVIDED" else ""
    data.update({"applicant_name": "王五", "applicant_phone": "13700000000", **extra})
    return client.post(desk_url(matter), data)


def test_a_pass_on_the_desk_shows_the_ticket(client, hall, hall_matters, hall_people):
    client.force_login(hall_people["clerk"])
    response = post_checklist(client, hall_matters["estate"], ["PROVIDED", "PROVIDED", "SKIP"])
    assert response.status_code == 302
    page = client.get(response["Location"])
    body = page.content.decode()
    ticket = Ticket.objects.get()
    assert ticket.number in body and "请留意叫号屏" in body and "不动产登记" in body
    assert ticket.pre_review.clerk == hall_people["clerk"]


def test_a_fail_on_the_desk_shows_the_printable_one_time_notice(
    client, hall, hall_matters, hall_people
):
    client.force_login(hall_people["clerk"])
    response = post_checklist(client, hall_matters["estate"], ["MISSING", "INVALID", "SKIP"])
    page = client.get(response["Location"])
    body = page.content.decode()
    assert "一次性告知" in body and "不动产权证书" in body and "买卖合同" in body
    assert "window.print" in body
    assert Ticket.objects.count() == 0


def test_a_forged_or_stale_start_is_a_form_error_and_writes_nothing(
    client, hall, hall_matters, hall_people
):
    client.force_login(hall_people["clerk"])
    estate = hall_matters["estate"]
    forged = post_checklist(client, estate, ["PROVIDED", "PROVIDED", "SKIP"], started="x:y:z")
    assert forged.status_code == 422 and "重新打开" in forged.content.decode()
    other_matter = signing.dumps({"m": hall_matters["other"].pk, "t": timezone.now().isoformat()},
                                 salt="hall.prereview")  # fmt: skip
    assert (
        post_checklist(
            client, estate, ["PROVIDED"] * 2 + ["SKIP"], started=other_matter
        ).status_code
        == 422
    )
    unticked = post_checklist(client, estate, ["", "PROVIDED", "SKIP"])
    assert unticked.status_code == 422 and "请核验这项材料" in unticked.content.decode()
    assert PreReview.objects.count() == 0 and Ticket.objects.count() == 0


def test_a_clerk_sees_only_results_of_their_own_point(client, hall, hall_matters, hall_people):
    estate = hall_matters["estate"]
    review, _ = record(hall, estate, checks_for(estate))
    client.force_login(hall_people["lost_clerk"])
    assert client.get(reverse("hall:prereview_result", args=[review.pk])).status_code == 403
    client.force_login(hall_people["clerk"])
    assert client.get(reverse("hall:prereview_result", args=[review.pk])).status_code == 200


def test_the_pre_review_time_is_measured_from_when_the_checklist_opened(
    client, hall, hall_matters, hall_people
):
    with time_machine.travel("2030-01-07 09:00 +0800", tick=False) as traveller:
        client.force_login(hall_people["clerk"])
        page = client.get(desk_url(hall_matters["other"]))
        started = page.context["started"]
        traveller.shift(timedelta(minutes=3))
        post_checklist(client, hall_matters["other"], ["PROVIDED"], started=started)
    assert PreReview.objects.get().seconds == 180


def test_a_pass_joins_the_ticket_the_person_already_holds(hall, hall_matters):
    # Someone checked in for an appointment (or took a number) and then came to the desk:
    # the pre-review follows that ticket instead of handing out a second one.
    held = services.ticket_issue(queue=hall["A"], actor=None)
    estate = hall_matters["estate"]
    review, ticket = record(hall, estate, checks_for(estate, m2="SKIP"), ticket_number=" a001 ")
    assert ticket.pk == held.pk
    assert Ticket.objects.count() == 1
    assert Ticket.objects.get(pk=held.pk).pre_review == review


def test_a_ticket_number_that_is_not_waiting_here_is_refused(hall, hall_matters):
    estate = hall_matters["estate"]
    with pytest.raises(InvalidInput) as caught:
        record(hall, estate, checks_for(estate, m2="SKIP"), ticket_number="A999")
    assert caught.value.code == "ticket_not_waiting"
    assert not PreReview.objects.exists()
