"""Each case page renders for its role and refuses everyone else: anonymous visitors go to
the login page, signed-in users without the role get 403, cases they may not see 404."""

import pytest

from .test_pages_support import text

PAGES = {
    "/cases/workbench/": {"clerk", "outlet_clerk"},
    "/cases/inbox/": {"food_reviewer", "fire_reviewer", "police_reviewer"},
    "/cases/overdue/": {"supervisor", "food_reviewer", "fire_reviewer", "police_reviewer"},
    "/cases/mine/": {"citizen", "other_citizen"},
    "/cases/apply/matter/XK-001/": {"citizen", "other_citizen"},
}


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, people, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_each_page_renders_for_its_roles_and_refuses_the_others(client, people, url):
    for name, user in people.items():
        client.force_login(user)
        expected = 200 if name in PAGES[url] else 403
        assert client.get(url).status_code == expected, (url, name)


def test_the_case_page_is_for_those_who_may_see_the_case(client, people, accepted):
    case = accepted()
    url = f"/cases/{case.number}/"
    assert client.get(url).status_code == 302
    may_see = {"clerk", "food_reviewer", "fire_reviewer", "supervisor", "citizen"}
    for name, user in people.items():
        client.force_login(user)
        assert client.get(url).status_code == (200 if name in may_see else 404), name


def test_a_case_page_shows_each_viewer_only_their_actions(client, people, accepted):
    case = accepted()
    client.force_login(people["citizen"])
    response = client.get(f"/cases/{case.number}/")
    assert "撤回申请" in text(response) and 'name="decision"' not in response.content.decode()
    assert "500112********" in text(response)  # the owner sees their own ID number masked
    client.force_login(people["supervisor"])  # sees everything, acts on nothing
    assert "撤回申请" not in text(client.get(f"/cases/{case.number}/"))
    response = client.post(f"/cases/{case.number}/withdraw/")
    assert response.status_code == 403


def test_an_outlet_takes_only_the_matters_entrusted_to_it(client, people, applicant, district):
    client.force_login(people["outlet_clerk"])
    page = client.get(f"/cases/workbench/?applicant={applicant.pk}")
    assert "仅受理授权事项" in text(page) and "公共场所卫生许可" not in text(page)
    form = client.get(f"/cases/workbench/new/?applicant={applicant.pk}&target=matter:XK-001")
    assert "该事项不支持网点代办" in text(form)
    district["outlet"].matters.add(district["police_matter"])
    page = text(client.get(f"/cases/workbench/?applicant={applicant.pk}"))
    assert "新生儿入户" not in page  # entrusted, but not offered through outlets
    district["police_matter"].channels = [*district["police_matter"].channels, "OUTLET"]
    district["police_matter"].save()
    assert "新生儿入户" in text(client.get(f"/cases/workbench/?applicant={applicant.pk}"))


def test_the_hall_searches_every_matter_for_the_applicant(client, people, applicant):
    client.force_login(people["clerk"])
    page = text(client.get(f"/cases/workbench/?applicant={applicant.pk}&q=卫生许可"))
    assert "无差别受理" in page and "公共场所卫生许可" in page and "开办小店" in page


def test_a_clerk_without_a_desk_is_told_why(client, people, django_user_model):
    from onewindow.accounts.models import StaffProfile

    StaffProfile.objects.filter(user=people["clerk"]).update(service_point=None)
    client.force_login(people["clerk"])
    response = client.get("/cases/workbench/")
    assert response.status_code == 403 and "没有设置所在的服务场所" in text(response)


def test_a_case_number_in_the_search_box_opens_the_case(client, people, accepted):
    case = accepted()
    client.force_login(people["clerk"])
    response = client.get(f"/cases/workbench/?id_number={case.number}")
    assert response.status_code == 302 and response.url == f"/cases/{case.number}/"
    client.force_login(people["outlet_clerk"])  # not their case: the page says 404
    assert client.get(f"/cases/workbench/?id_number={case.number}", follow=True).status_code == 404


def test_the_workbench_lists_the_oldest_few_of_each_backlog(client, people, submit):
    for _ in range(8):
        submit()
    client.force_login(people["clerk"])
    page = text(client.get("/cases/workbench/"))
    assert "待预审受理 8 件" in page and "另有 2 件" in page
