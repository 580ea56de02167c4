"""Helpers for the API tests: a JSON client that authenticates each user with a bearer token.

(Named test_api_* to sit with the API tests; it holds no tests itself.)
"""

import json

from onewindow.accounts.services import token_create

from .conftest import GOOD_FORM, person_id

API = "/api/v1/cases"
OTHER_PERSON = person_id("11010519491231002")  # 张三's neighbour, a valid ID number


class Api:
    """Calls /api/v1/cases as a user (None = anonymous) and checks the status on the way."""

    def __init__(self, client):
        self.client = client
        self._tokens: dict[int, str] = {}

    def headers(self, user) -> dict:
        if user is None:
            return {}
        if user.pk not in self._tokens:
            _, raw = token_create(user=user, name="接口测试", actor=user)
            self._tokens[user.pk] = raw
        return {"HTTP_AUTHORIZATION": f"Bearer {self._tokens[user.pk]}"}

    def call(self, method, path, body=None, *, user=None, expect=None, headers=None):
        extra = self.headers(user) | (headers or {})
        path = path or "/"  # the list and the submission live at /api/v1/cases/
        if method == "get":
            response = self.client.get(API + path, body or {}, **extra)
        else:
            data = "" if body is None else json.dumps(body)
            send = getattr(self.client, method)
            response = send(API + path, data=data, content_type="application/json", **extra)
        if expect is not None:
            assert response.status_code == expect, (response.status_code, response.content.decode())
        return response

    def get(self, path, user=None, expect=200, **params):
        return self.call("get", path, params, user=user, expect=expect).json()

    def post(self, path, body=None, user=None, expect=200, headers=None):
        return self.call("post", path, body, user=user, expect=expect, headers=headers).json()


def window_submission(matter="XK-001", **extra) -> dict:
    """What a clerk sends for 张三 at the main hall (the clerk's own service point)."""
    body = {
        "applicant": {"kind": "PERSON", "name": "张三", "id_number": person_id(), "phone": "13800000000"},
        "matter_code": matter,
        "channel": "WINDOW",
        "form_data": GOOD_FORM,
        "materials": [{"name": "申请书"}, {"name": "营业执照"}, {"name": "卫生检测报告"}],
    }  # fmt: skip
    return body | extra


def review_ids(detail: dict) -> dict[str, int]:
    """Open and waiting reviews of a case detail, by "<department code>/<step>"."""
    return {f"{r['department']['code']}/{r['step']}": r["id"] for r in detail["reviews"]}
