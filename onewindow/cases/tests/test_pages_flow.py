"""A case through the pages alone: the window, the departments, the applicant, the window again."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onewindow.audit.models import AuditEvent
from onewindow.cases.choices import CaseStatus, NoticeKind, ReviewStatus
from onewindow.cases.models import Case

from .test_pages_support import MISSING, PDF, PROVIDED, new_case, newest_case, text

S = CaseStatus
ALL_THERE = (PROVIDED, PROVIDED, PROVIDED)  # 申请书, 营业执照, 卫生检测报告


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def decide(client, case, department_code, decision="approve", opinion=""):
    review = case.reviews.get(department__code=department_code, status=ReviewStatus.OPEN)
    return client.post(
        f"/cases/{case.number}/reviews/{review.pk}/", {"decision": decision, "opinion": opinion}
    )


def test_a_case_goes_from_submission_to_delivery_through_the_pages(client, people, applicant):
    client.force_login(people["clerk"])
    found = client.get(f"/cases/workbench/?id_number={applicant.id_number}")
    assert "张三" in text(found) and "选择事项或一件事" in text(found)
    form = client.get(f"/cases/workbench/new/?applicant={applicant.pk}&target=matter:XK-001")
    assert form.status_code == 200
    assert "卫生检测报告" in text(form) and 'value="张三"' in form.content.decode()  # pre-filled
    key = re.search(r'name="key" value="([^"]+)"', form.content.decode()).group(1)

    response = new_case(client, applicant, "matter:XK-001", *ALL_THERE, key=key)
    case = newest_case()
    assert response.status_code == 302 and response.url == f"/cases/{case.number}/"
    assert case.status == S.ACCEPTED and case.channel == "WINDOW"
    page = client.get(response.url)
    notice = case.notices.get(kind=NoticeKind.ACCEPTANCE)
    assert f"/cases/{case.number}/notices/{notice.pk}.pdf" in page.content.decode()
    assert "已受理" in text(page)
    again = new_case(client, applicant, "matter:XK-001", *ALL_THERE, key=key)  # double click
    assert again.status_code == 302 and Case.objects.count() == 1

    client.force_login(people["fire_reviewer"])
    assert case.title in text(client.get("/cases/inbox/"))
    assert decide(client, case, "XF").status_code == 302
    client.force_login(people["food_reviewer"])
    assert decide(client, case, "SCJG", opinion="材料齐全").status_code == 302
    assert "决定" in text(client.get("/cases/inbox/"))  # the lead's decision is now open
    assert decide(client, case, "SCJG", opinion="准予许可").status_code == 302
    case.refresh_from_db()
    assert case.status == S.APPROVED

    client.force_login(people["clerk"])
    assert "待出件" in text(client.get("/cases/workbench/"))
    delivered = client.post(
        f"/cases/{case.number}/deliver/",
        {"method": "MAIL", "address": "清江区滨江路1号", "tracking_number": "SF1001"},
    )
    assert delivered.status_code == 302
    assert client.post(f"/cases/{case.number}/close/").status_code == 302
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.delivery.tracking_number == "SF1001"

    trail = text(client.get(f"/cases/{case.number}/")).split("办理记录", 1)[1]
    milestones = ["提交申请", "预审通过", "受理，承诺10个工作日", "消防审查：同意", "准予许可", "送达：邮寄送达", "办结归档"]  # fmt: skip
    positions = [trail.index(m) for m in milestones]
    assert positions == sorted(positions), "the audit trail is shown in order"
    assert "clerk" in trail  # actor names beside the events


def test_the_supplement_path_clerk_asks_applicant_completes_online_clerk_accepts(
    client, people, applicant
):
    client.force_login(people["clerk"])
    response = new_case(
        client, applicant, "matter:XK-001", PROVIDED, PROVIDED, MISSING,
        notes=("", "", "须为近三个月内的报告"), action="supplement",
    )  # fmt: skip
    case = newest_case()
    assert response.status_code == 302 and case.status == S.SUPPLEMENT_REQUESTED
    notice = case.notices.get(kind=NoticeKind.SUPPLEMENT)
    assert notice.items == [{"name": "卫生检测报告", "problem": "缺少：须为近三个月内的报告"}]

    client.force_login(people["citizen"])
    assert "需要您补正材料" in text(client.get("/cases/mine/"))
    page = text(client.get(f"/cases/{case.number}/"))
    assert "在线补正材料" in page and "须为近三个月内的报告" in page
    bad = client.post(
        f"/cases/{case.number}/supplement/upload/",
        {"s0": SimpleUploadedFile("report.pdf", b"MZ not a pdf", "application/pdf")},
    )
    assert bad.status_code == 422 and "文件内容与扩展名不符" in text(bad)
    done = client.post(
        f"/cases/{case.number}/supplement/upload/",
        {"s0": SimpleUploadedFile("report.pdf", PDF, "application/pdf")},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.materials_completed_at is not None
    uploaded = case.materials.get(name="卫生检测报告")
    assert (
        uploaded.file and uploaded.file.name.endswith(".pdf") and "report" not in uploaded.file.name
    )
    assert client.get(f"/cases/{case.number}/materials/{uploaded.pk}/").status_code == 200
    client.force_login(people["other_citizen"])
    assert client.get(f"/cases/{case.number}/materials/{uploaded.pk}/").status_code == 404

    client.force_login(people["clerk"])
    assert "补正已交齐，待受理" in text(client.get("/cases/workbench/"))
    assert client.post(f"/cases/{case.number}/accept/").status_code == 302
    case.refresh_from_db()
    assert case.status == S.ACCEPTED and case.accepted_at == case.materials_completed_at


def test_refusal_needs_a_reason_and_issues_the_refusal_notice(client, people, applicant):
    client.force_login(people["clerk"])
    no_reason = new_case(client, applicant, "matter:XK-001", *ALL_THERE, action="refuse")
    assert no_reason.status_code == 422 and "请写明不予受理的理由" in text(no_reason)
    assert Case.objects.count() == 0
    response = new_case(
        client, applicant, "matter:XK-001", *ALL_THERE, action="refuse", reason="不属于本机关职权范围"
    )  # fmt: skip
    case = newest_case()
    assert response.status_code == 302 and case.status == S.REFUSED
    assert case.notices.filter(kind=NoticeKind.REFUSAL).exists()
    assert "不予受理：不属于本机关职权范围" in text(client.get(response.url))


def test_an_immediate_matter_is_done_on_the_spot(client, people, applicant):
    client.force_login(people["clerk"])
    page = client.get(f"/cases/workbench/new/?applicant={applicant.pk}&target=matter:QR-002")
    assert "当场办结（即办件）" in text(page)
    response = new_case(client, applicant, "matter:QR-002", PROVIDED, action="immediate")
    case = newest_case()
    assert response.status_code == 302 and case.status == S.DELIVERED
    assert "即办件已当场办结" in text(client.get(response.url, follow=True))


def test_a_bad_form_shows_its_errors_and_writes_nothing(client, people, applicant):
    client.force_login(people["clerk"])
    events = AuditEvent.objects.count()
    missing_phone = new_case(
        client, applicant, "matter:XK-001", PROVIDED, PROVIDED, form={"applicant_name": "张三"}
    )
    assert missing_phone.status_code == 422
    page = text(missing_phone)
    assert "请核验这项材料" in page  # the third material was not ticked
    bad_phone = new_case(
        client, applicant, "matter:XK-001", *ALL_THERE,
        form={"applicant_name": "张三", "phone": "call me"},
    )  # fmt: skip
    assert bad_phone.status_code == 422 and "电话号码格式不正确" in text(bad_phone)
    # Accepting with a missing material is refused by the service after the case was
    # created and pre-reviewed in the same transaction: all of it is rolled back.
    refused = new_case(client, applicant, "matter:XK-001", PROVIDED, PROVIDED, MISSING)
    assert refused.status_code == 409 and "应一次性告知补正" in text(refused)
    assert Case.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_forged_id_number_is_refused_with_the_reason(client, people):
    client.force_login(people["clerk"])
    response = client.post(
        "/cases/workbench/applicants/",
        {
            "kind": "PERSON",
            "name": "李四",
            "id_number": "500112199003071230",
            "phone": "13900000000",
        },
    )
    assert response.status_code == 422
    assert "身份证号码校验位不正确" in text(response)


def test_an_action_out_of_order_shows_the_409_reason(client, people, accepted):
    case = accepted()
    client.force_login(people["clerk"])
    response = client.post(f"/cases/{case.number}/deliver/", {"method": "WINDOW"})
    assert response.status_code == 409
    assert "办件已受理，尚未进入审查，不能变更为「已送达」" in text(response)
    case.refresh_from_db()
    assert case.status == S.ACCEPTED and not hasattr(case, "delivery")


def test_a_reviewer_starts_and_ends_a_special_step(client, people, accepted):
    case = accepted()
    client.force_login(people["food_reviewer"])
    started = client.post(
        f"/cases/{case.number}/suspend/", {"reason": "现场核查", "expected_workdays": "3"}
    )
    assert started.status_code == 302
    case.refresh_from_db()
    assert case.status == S.SUSPENDED
    inbox = text(client.get("/cases/inbox/"))
    assert "特殊环节中" in inbox and "现场核查" in inbox
    blocked = decide(client, case, "SCJG")
    assert blocked.status_code == 409 and "请先结束特殊环节" in text(blocked)
    assert client.post(f"/cases/{case.number}/resume/").status_code == 302
    case.refresh_from_db()
    assert case.status == S.IN_REVIEW


def test_another_department_may_not_decide_a_review(client, people, accepted):
    case = accepted()
    client.force_login(people["fire_reviewer"])
    response = decide(client, case, "SCJG")
    assert response.status_code == 403 and "不属于您的部门" in text(response)
    client.force_login(people["police_reviewer"])  # no review on this case at all
    assert decide(client, case, "SCJG").status_code == 404


def test_a_denial_needs_an_opinion(client, people, accepted):
    case = accepted()
    client.force_login(people["fire_reviewer"])
    response = decide(client, case, "XF", decision="deny")
    assert response.status_code == 422 and "不同意时须写明理由" in text(response)
    assert case.reviews.get(department__code="XF").status == ReviewStatus.OPEN


def test_the_applicant_withdraws_before_a_decision(client, people, accepted):
    case = accepted()
    client.force_login(people["citizen"])
    response = client.post(f"/cases/{case.number}/withdraw/", {"reason": "不再需要"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.WITHDRAWN
    client.force_login(people["other_citizen"])
    assert client.post(f"/cases/{case.number}/withdraw/").status_code == 404
