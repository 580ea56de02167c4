"""The public catalog pages: what they show, and what they cost."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onewindow.catalog.models import Material
from onewindow.catalog.services import matter_revise, matter_start_revision

from .factories import add_filler, fresh_search_index, make_catalog  # noqa: F401

pytestmark = pytest.mark.usefixtures("fresh_search_index")


@pytest.fixture
def catalog(db):
    return make_catalog()


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_shows_search_themes_bundles_departments_and_counts(client, catalog):
    html = page(client, "/")
    assert 'name="q"' in html
    assert "平安区" in html
    for text in ("个人办事", "企业办事", "生育收养", "企业开办", "新生儿出生一件事", "公安分局"):
        assert text in html
    assert re.search(r"<strong>16</strong>\s*<span>政务服务事项", html)
    assert "县级事项" in html
    assert "登录" in html


def test_home_greets_the_logged_in_user_with_a_logout_form(client, catalog):
    user = get_user_model().objects.create_user("zhang", password="x", first_name="张三")
    client.force_login(user)
    html = page(client, "/")
    assert "张三" in html
    assert re.search(r'<form method="post" action="/accounts/logout/"', html)
    assert "退出" in html


def test_matter_guide_shows_the_five_publics(client, catalog):
    html = page(client, "/matters/SC-XK-003/")
    for heading in ("事项内容", "办理流程", "申请材料", "收费标准", "办理时限"):
        assert heading in html
    assert "食品经营许可" in html and "行政许可" in html
    assert "平安区市场监督管理局" in html
    assert "特殊环节" in html and "不计入办理时限" in html
    assert "食品安全管理制度" in html and "核心要件" in html
    assert "许可证工本费 10 元/证" in html and "收费依据" in html
    assert "压缩 <strong>75%</strong>" in html
    assert "0571-81000315" in html and "12345" in html
    assert "只跑一次" in html
    assert "食品经营许可（延续）" in html  # its sub-item
    assert "延续/换证" in html
    assert "开办餐馆一件事" in html  # the bundle it belongs to


def test_free_immediate_matter_says_so(client, catalog):
    html = page(client, "/matters/GA-QR-004/")
    assert "不收费" in html
    for badge in ("即办件", "零跑动", "全程网办"):
        assert f'class="badge badge-{badge}"' in html


def test_material_template_is_offered_for_download(client, catalog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    material = Material.objects.get(matter__code="SC-XK-003", name="食品安全管理制度")
    material.template.save("制度模板.docx", ContentFile(b"x"), save=True)
    html = page(client, "/matters/SC-XK-003/")
    assert material.template.url in html and "空白表格" in html


def test_an_old_version_is_shown_with_a_note(client, catalog):
    matter_revise(
        matter=catalog["matters"]["SC-XK-003"], changes={"promised_limit_days": 3}, actor=None
    )
    current = page(client, "/matters/SC-XK-003/")
    assert "第 2 版" in current and "历史版本" not in current
    old = page(client, "/matters/SC-XK-003/v1/")
    assert "历史版本" in old and "已被新版本替代" in old
    assert 'href="/matters/SC-XK-003/"' in old


def test_a_draft_version_is_not_public(client, catalog):
    matter_start_revision(matter=catalog["matters"]["SC-XK-003"], actor=None)
    page(client, "/matters/SC-XK-003/v2/", status=404)
    assert "第 1 版" in page(client, "/matters/SC-XK-003/")


@pytest.mark.parametrize(
    "url",
    [
        "/matters/NOPE/",
        "/matters/SC-XK-003/v9/",
        "/departments/NOPE/",
        "/themes/nope/",
        "/levels/NOPE/",
        "/bundles/nope/",
        "/licenses/nope/",
    ],
)
def test_unknown_things_are_404(client, catalog, url):
    page(client, url, status=404)


def test_department_page_groups_matters_by_type(client, catalog):
    html = page(client, "/departments/SC/")
    matters = html[html.index("政务服务事项") :]
    assert matters.index("行政许可") < matters.index("企业设立登记")
    assert "开办餐馆一件事" in html  # it leads this bundle


def test_theme_and_level_pages(client, catalog):
    html = page(client, "/themes/birth/")
    assert "新生儿出生一件事" in html and "出生医学证明签发" in html
    assert "居民身份证补领" not in html
    assert "居民身份证补领" in page(client, "/levels/COUNTY/")


def test_matter_index_filters(client, catalog):
    html = page(client, "/matters/?department=JY")
    assert "教师资格认定" in html and "企业设立登记" not in html
    html = page(client, "/matters/?type=BENEFIT")
    assert "生育津贴支付" in html and "教师资格认定" not in html


def test_bundle_page_merges_the_form_and_the_materials(client, catalog):
    html = page(client, "/bundles/restaurant/")
    assert "个体工商户注册登记" in html and "公众聚集场所投入使用、营业前消防安全检查" in html
    assert html.count("<label>店铺名称") == 1  # shared by three matters, asked once
    assert "3 个事项共用" in html
    # 营业执照 is needed by two matters, listed once with both named.
    assert html.count('class="stack-title">营业执照') == 1
    assert "食品经营许可、公众聚集场所投入使用、营业前消防安全检查" in html
    assert "餐饮行业综合许可证" in html


def test_bundle_page_spares_documents_issued_inside_the_bundle(client, catalog):
    html = page(client, "/bundles/restaurant/")
    assert "由本件事中的「个体工商户注册登记」核发，无需另行提交" in html
    html = page(client, "/bundles/newborn/")
    assert "由本件事中的「出生医学证明签发」核发" in html


def test_bundle_and_license_lists(client, catalog):
    html = page(client, "/bundles/")
    assert "个人办事" in html and "企业办事" in html and "退休一件事" in html
    html = page(client, "/licenses/")
    assert "餐饮行业综合许可证" in html
    html = page(client, "/licenses/catering/")
    assert "开办餐馆一件事" in html and "一张表单" in html


def test_search_page_keeps_the_query_and_labels_results(client, catalog):
    html = page(client, "/search/?q=开餐馆")
    assert 'value="开餐馆"' in html
    assert "一件事" in html and "一业一证" in html
    assert "<mark>餐馆</mark>" in html


def test_search_without_results_offers_suggestions(client, catalog):
    html = page(client, "/search/?q=zzqqxx")
    assert "没有找到" in html and "生孩子要办什么" in html
    assert "您要办什么事" in page(client, "/search/")


LIST_PAGES = [
    "/",
    "/matters/",
    "/departments/",
    "/departments/SC/",
    "/themes/",
    "/themes/permits/",
    "/levels/COUNTY/",
    "/bundles/",
    "/licenses/",
    "/search/?q=测试事项",
]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_cost_the_same_queries_whatever_the_catalog_size(
    client, catalog, url, django_assert_num_queries
):
    add_filler(catalog, 3)
    client.get(url)  # warm the search index
    with CaptureQueriesContext(connection) as small:
        page(client, url)
    expected = len(small)  # now: captured_queries reads the live log lazily
    add_filler(catalog, 15)
    client.get(url)
    with django_assert_num_queries(expected):
        page(client, url)
