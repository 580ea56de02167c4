"""The one NinjaAPI: each app's router mounts under /api/v1/.

Every error answers with the same body: {"code": "...", "message": "...", "details": ...},
Chinese first, never escaped.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from onewindow.accounts.auth import ApiTokenAuth, SessionAuth
from onewindow.lib.errors import DomainError


class UnescapedJSONRenderer(JSONRenderer):
    encoder_class = NinjaJSONEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="OneWindow 一窗通办 API",
    version="1",
    description="政务服务事项目录、办件、大厅、评价与监督的接口。认证：请求头 Authorization: Bearer <令牌>，或已登录会话。",
    renderer=UnescapedJSONRenderer(),
    auth=[ApiTokenAuth(), SessionAuth()],
    urls_namespace="api",
)


def error_body(code: str, message: str, details=None) -> dict:
    return {"code": code, "message": message, "details": details}


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, error_body(exc.code, exc.message, exc.details), status=exc.status
    )


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    return api.create_response(
        request, error_body("invalid_input", "请求数据格式不正确", exc.errors), status=422
    )


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", "请先登录或提供有效的接口令牌"), status=401
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error_body("not_found", "未找到该对象"), status=404)


# ninja's own HttpErrors carry English text; the people reading them read Chinese.
HTTP_ERROR_MESSAGES = {
    "Cannot parse request body": ("invalid_json", "请求内容不是有效的 JSON"),
    "CSRF check Failed": ("csrf_failed", "CSRF 校验失败：请刷新页面后重试，或改用接口令牌"),
}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    code, message = HTTP_ERROR_MESSAGES.get(str(exc.message), ("http_error", str(exc.message)))
    return api.create_response(request, error_body(code, message), status=exc.status_code)


def _mount():
    from onewindow.accounts.api import router as accounts_router
    from onewindow.cases.api import router as cases_router
    from onewindow.catalog.api import router as catalog_router
    from onewindow.enterprise.api import router as enterprise_router
    from onewindow.hall.api import router as hall_router
    from onewindow.licenses.api import router as licenses_router
    from onewindow.notify.api import router as notify_router
    from onewindow.ratings.api import router as ratings_router
    from onewindow.reach.api import router as reach_router
    from onewindow.stats.api import router as stats_router
    from onewindow.supervision.api import router as supervision_router
    from onewindow.trust.api import router as trust_router

    api.add_router("/accounts/", accounts_router)
    api.add_router("/notify/", notify_router)
    api.add_router("/catalog/", catalog_router)
    api.add_router("/cases/", cases_router)
    api.add_router("/hall/", hall_router)
    api.add_router("/licenses/", licenses_router)
    api.add_router("/trust/", trust_router)
    api.add_router("/ratings/", ratings_router)
    api.add_router("/supervision/", supervision_router)
    api.add_router("/reach/", reach_router)
    api.add_router("/enterprise/", enterprise_router)
    api.add_router("/stats/", stats_router)


_mount()
