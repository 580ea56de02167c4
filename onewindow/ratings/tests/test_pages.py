"""The ratings pages: who may open them, the forms doing what the services say, query counts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from onewindow.catalog.models import Section
from onewindow.ratings import services
from onewindow.ratings.models import Rating, SectionBallot

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_applicant_rates_from_my_ratings(client, delivered_at_window, people):
    case = delivered_at_window()
    client.force_login(people["citizen"])
    mine = client.get("/ratings/")
    assert mine.status_code == 200 and case.number in text(mine)
    form = client.get(f"/ratings/case/{case.number}/")
    assert "服务态度" in text(form) and "非常不满意" in text(form)  # on-site dimensions
    r = client.post(
        f"/ratings/case/{case.number}/",
        {"level": "DISSATISFIED", "score_attitude": "2", "comment": "等了很久"},
    )
    assert r.status_code == 200 and "已转交责任部门" in text(r)
    rating = Rating.objects.get()
    assert rating.scores == {"attitude": 2, "overall": 2} and rating.source == "WEB"
    assert "该办件已评价" in text(client.get(f"/ratings/case/{case.number}/"))


def test_a_form_error_is_shown_with_its_status(client, delivered_at_window, people):
    case = delivered_at_window()
    client.force_login(people["citizen"])
    r = client.post(f"/ratings/case/{case.number}/", {"level": ""})
    assert r.status_code == 422 and "请选择评价等级" in text(r)
    assert not Rating.objects.exists()


def test_an_undelivered_case_says_why_it_cannot_be_rated(client, accepted, people):
    case = accepted()
    client.force_login(people["citizen"])
    assert "送达后才能评价" in text(client.get(f"/ratings/case/{case.number}/"))
    r = client.post(f"/ratings/case/{case.number}/", {"level": "SATISFIED"})
    assert r.status_code == 409


def test_another_persons_case_is_not_found(client, delivered_at_window, people):
    case = delivered_at_window()
    client.force_login(people["other_citizen"])
    assert client.get(f"/ratings/case/{case.number}/").status_code == 404


def test_the_progress_page_of_a_delivered_case_links_to_its_rating(client, delivered_at_window):
    case = delivered_at_window()
    r = client.post(
        f"/cases/progress/{case.number}/",
        {"number": case.number, "tail": case.applicant.id_number[-4:]},
    )
    link = f"/ratings/qr/{case.number}/{services.qr_token(case.number)}/"
    assert link in r.content.decode()
    assert client.post(link, {"level": "VERY_SATISFIED"}).status_code == 200
    assert Rating.objects.get().source == "QR"
    assert client.get(f"/ratings/qr/{case.number}/forged/").status_code == 404


def test_the_device_page_waits_then_offers_the_case_and_thanks(client, delivered_at_window, device):
    page = client.get(f"/ratings/device/{device.token}/")
    assert (
        page.status_code == 200
        and "办理完成后" in text(page)
        and 'hx-trigger="every 3s"' in text(page)
    )
    case = delivered_at_window()
    panel = client.get(f"/ratings/device/{device.token}/panel/")
    assert case.number in text(panel) and "服务态度" in text(panel)
    r = client.post(
        f"/ratings/device/{device.token}/rate/", {"case": case.number, "level": "VERY_DISSATISFIED"}
    )
    assert r.status_code == 200 and "感谢您的评价" in text(r) and "核实" in text(r)
    assert Rating.objects.get().source == "DEVICE"
    again = client.post(
        f"/ratings/device/{device.token}/rate/", {"case": case.number, "level": "SATISFIED"}
    )
    assert again.status_code == 409
    assert client.get("/ratings/device/nope/").status_code == 404


def test_an_old_delivery_is_no_longer_offered_on_the_device(client, delivered_at_window, device):
    case = delivered_at_window()
    case.delivered_at = timezone.now() - timedelta(hours=3)
    case.save(update_fields=["delivered_at"])
    assert case.number not in text(client.get(f"/ratings/device/{device.token}/panel/"))


def test_the_rectification_pages_walk_the_steps(client, delivered_at_window, people):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk,
        level="DISSATISFIED",
        source="WEB",
        comment="态度差",
        actor=people["citizen"],
    )
    rect = rating.rectification
    client.force_login(people["clerk"])
    listing = client.get("/ratings/rectifications/")
    assert "态度差" in text(listing) and "待核实" in text(listing)
    detail = f"/ratings/rectifications/{rect.pk}/"
    assert "核实情况" in text(client.get(detail))
    client.post(f"{detail}verify/", {"finding": "属实"})
    client.post(f"{detail}rectify/", {"outcome": "FIXED", "measures": "已当面致歉"})
    assert "已整改，等待回访" in text(client.get(detail))
    client.force_login(people["citizen"])
    assert "请评价整改结果" in text(client.get("/ratings/"))
    client.post(f"/ratings/revisit/{rect.pk}/", {"level": "SATISFIED"})
    rect.refresh_from_db()
    assert rect.status == "CLOSED"


def test_staff_of_another_department_do_not_see_the_rectification(
    client, delivered_at_window, people
):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
    )
    client.force_login(people["food_reviewer"])
    assert client.get(f"/ratings/rectifications/{rating.rectification.pk}/").status_code == 404
    client.force_login(people["citizen"])
    assert client.get("/ratings/rectifications/").status_code == 403


def test_the_worklist_costs_a_fixed_number_of_queries(
    client, delivered_at_window, people, django_assert_max_num_queries
):
    for _ in range(4):
        case = delivered_at_window()
        services.rating_submit(
            case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
        )
    client.force_login(people["supervisor"])
    client.get("/ratings/rectifications/")
    with django_assert_max_num_queries(8):
        assert client.get("/ratings/rectifications/").status_code == 200


def test_appeals_page_reviews_an_appeal(client, delivered_at_window, people):
    case = delivered_at_window()
    rating = services.rating_submit(
        case_id=case.pk, level="DISSATISFIED", source="WEB", actor=people["citizen"]
    )
    client.force_login(people["clerk"])
    client.post(
        f"/ratings/rectifications/{rating.rectification.pk}/appeal/", {"reason": "申请人误点"}
    )
    assert client.get("/ratings/appeals/").status_code == 403
    client.force_login(people["supervisor"])
    page = client.get("/ratings/appeals/")
    assert "申请人误点" in text(page)
    appeal = rating.appeals.get()
    client.post(
        f"/ratings/appeals/{appeal.pk}/review/", {"decision": "uphold", "note": "核实为误点"}
    )
    rating.refresh_from_db()
    assert rating.excluded and "核实为误点" in rating.excluded_reason


def test_a_campaign_through_the_pages_and_an_open_ballot(client, people, district):
    sections = [
        Section.objects.create(department=district["food"], name=n) for n in ("许可科", "执法科")
    ]
    client.force_login(people["supervisor"])
    today = timezone.localdate()
    r = client.post("/ratings/reviews/", {"year": today.year, "quarter": 4, "opens": str(today - timedelta(days=1)),
                                          "closes": str(today + timedelta(days=10))})  # fmt: skip
    assert r.status_code == 302
    url = r["Location"]
    client.post(f"{url}open/")
    page = text(client.get(url))
    assert "公开投票" in page and "<svg" in page
    open_link = re.search(r'href="(http://testserver/ratings/ballot/open/[^"]+)"', page).group(1)
    voter = client.__class__()
    ballot_url = voter.get(open_link)["Location"]
    assert voter.get(open_link)["Location"] == ballot_url  # one token per browser
    form = voter.get(ballot_url)
    assert "执法科" in text(form) and "推诿扯皮" in text(form)
    short = voter.post(ballot_url, {"section": sections[1].pk, "fault": "SHIRK", "example": "太差"})
    assert short.status_code == 422 and "具体事例" in text(short)
    ok = voter.post(
        ballot_url,
        {"section": sections[1].pk, "fault": "SHIRK", "example": "同一件事被推到三个科室"},
    )
    assert "感谢您的参与" in text(ok)
    assert SectionBallot.objects.count() == 1
    client.post(f"{url}close/")
    page = text(client.get(url))
    assert "约谈科室负责人" in page and "执法科" in page
    client.post(f"{url}publish/")
    public = client.__class__().get("/ratings/ranking/")
    assert public.status_code == 200 and "执法科" in text(public) and "推 1 票" in text(public)


def test_campaign_pages_are_for_supervisors(client, people):
    client.force_login(people["clerk"])
    assert client.get("/ratings/reviews/").status_code == 403
    assert client.get("/ratings/ranking/").status_code == 200


def test_a_rectification_with_nobody_responsible_renders(client, district, people, applicant):
    # a later app's subject rated without a staff member (a Window stands in for it)
    rating = services.rating_submit(
        subject=district["window"], channel="ON_SITE", level="DISSATISFIED", source="WEB",
        applicant=applicant, department=district["police"], actor=None,
    )  # fmt: skip
    client.force_login(people["supervisor"])
    assert client.get("/ratings/rectifications/").status_code == 200
    assert client.get(f"/ratings/rectifications/{rating.rectification.pk}/").status_code == 200


def test_the_worklist_shows_open_rectifications_unless_asked_for_all(
    client, delivered_at_window, people
):
    done = services.rating_submit(
        case_id=delivered_at_window().pk,
        level="DISSATISFIED",
        source="WEB",
        comment="第一条",
        actor=people["citizen"],
    ).rectification
    services.rating_submit(
        case_id=delivered_at_window().pk,
        level="DISSATISFIED",
        source="WEB",
        comment="第二条",
        actor=people["citizen"],
    )
    services.rectification_verify(
        rectification_id=done.pk, finding="属实", actor=people["supervisor"]
    )
    services.rectification_rectify(
        rectification_id=done.pk, outcome="FIXED", measures="已改", actor=people["supervisor"]
    )
    services.rectification_revisit(
        rectification_id=done.pk, level="SATISFIED", actor=people["supervisor"]
    )
    client.force_login(people["supervisor"])
    default = text(client.get("/ratings/rectifications/"))
    assert "第二条" in default and "第一条" not in default
    assert "第一条" in text(client.get("/ratings/rectifications/?status=ALL"))


def test_the_clerk_finds_the_link_to_the_windows_device(client, people, device):
    client.force_login(people["clerk"])
    assert (
        f"/ratings/device/{device.token}/"
        in client.get("/ratings/rectifications/").content.decode()
    )
    client.force_login(people["supervisor"])
    assert "/ratings/device/" not in client.get("/ratings/rectifications/").content.decode()
