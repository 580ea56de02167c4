"""跨省通办 between two running OneWindow instances: this test's live server (A) and a second
Django server (B) started here with its own SQLite database, settings from the environment.
A case taken at A's window leaves as a signed package, B creates the case, B's clerk moves
it, and the signed status update comes back to A."""

import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from onewindow.cases.tests.conftest import person_id
from onewindow.lib import signing as lib_signing

from ..choices import TransferStatus
from ..models import TransferOut
from ..services import transfer as services

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(env, *args, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, str(MANAGE), *args], env=env, input=stdin, capture_output=True,
        text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def last_json(text: str) -> dict:
    return json.loads([line for line in text.splitlines() if line.startswith("{")][-1])


@pytest.fixture(scope="module")
def instance_b(tmp_path_factory):
    home = tmp_path_factory.mktemp("instance_b")
    port = free_port()
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
        },
        "DJANGO_SETTINGS_MODULE": "onewindow.settings",
        "SQLITE_PATH": str(home / "b.sqlite3"),
        "ONEWINDOW_VAR_DIR": str(home / "var"),
        "MEDIA_ROOT": str(home / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEBUG": "True",
        "HUEY_IMMEDIATE": "True",
    }
    manage(env, "migrate", "-v0")
    setup = last_json(
        manage(env, "shell", stdin=(Path(__file__).parent / "transfer_setup_b.py").read_text())
    )
    platform = last_json(manage(env, "reach_platform", "--code", "FAR", "--name", "远方市一窗通办"))
    server = subprocess.Popen(
        [sys.executable, str(MANAGE), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(url + "/api/v1/reach/platform", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("instance B did not start")
    yield dict(url=url, env=env, clerk_token=setup["clerk_token"], platform=platform)
    server.terminate()
    server.wait(timeout=20)


def call_b(b, method, path, body=None):
    request = urllib.request.Request(
        b["url"] + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {b['clerk_token']}", "Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_case_moves_to_a_partner_instance_and_its_status_comes_back(
    instance_b, live_server, client, people, settings
):
    b = instance_b
    settings.SITE_URL = live_server.url  # where B sends status updates
    here = services.platform_key(code="HERE", name="清江区一窗通办")
    # B registers A, and issues the token A calls B with ...
    b_knows_a = last_json(manage(
        b["env"], "reach_partner", "--code", "HERE", "--name", here.name, "--base-url",
        live_server.url, "--public-key", here.public_key, "--key-id", here.key_id, "--issue-token",
    ))  # fmt: skip
    # ... A registers B with that token, and issues the token B calls A with.
    out = StringIO()
    call_command("reach_partner", code="FAR", name="远方市一窗通办", base_url=b["url"],
                 public_key=b["platform"]["public_key"], key_id=b["platform"]["key_id"],
                 token=b_knows_a["token"],
                 issue_token=True, stdout=out)  # fmt: skip
    a_token_for_b = last_json(out.getvalue())["token"]
    manage(b["env"], "reach_partner", "--code", "HERE", "--name", here.name, "--base-url",
           live_server.url, "--public-key", here.public_key, "--key-id", here.key_id,
           "--token", a_token_for_b)  # fmt: skip

    client.force_login(people["clerk"])
    pdf = b"%PDF-1.4 moving certificate"
    answer = client.post("/api/v1/reach/transfers", json.dumps({
        "partner_code": "FAR", "matter_code": "YF-HJ-01", "matter_name": "户口迁入",
        "applicant": {"kind": "PERSON", "name": "赵六", "id_number": person_id("11010519491231003")},
        "form_data": {"reason": "投靠子女"},
        "materials": [{"name": "户口迁移证明", "filename": "move.pdf",
                       "content_b64": base64.b64encode(pdf).decode()}],
    }, ensure_ascii=False), content_type="application/json")  # fmt: skip
    assert answer.status_code == 201, answer.content
    sent = answer.json()
    assert sent["status"] == TransferStatus.SENT, sent["last_error"]
    number = sent["remote_case_number"]
    assert number.startswith("330100-") and sent["remote_status"] == "SUBMITTED"

    status, case = call_b(b, "GET", f"/api/v1/cases/{number}")
    assert status == 200 and case["channel"] == "CROSS_REGION"
    assert [m["name"] for m in case["materials"]] == ["户口迁移证明"]

    # B's clerk pre-reviews and accepts; each move comes back to A, signed.
    assert call_b(b, "POST", f"/api/v1/cases/{number}/pre-review", {})[0] == 200
    status, accepted = call_b(b, "POST", f"/api/v1/cases/{number}/accept", {})
    assert status == 200, accepted
    transfer = TransferOut.objects.get(package_id=sent["package_id"])
    assert (transfer.remote_status, transfer.remote_status_label) == ("ACCEPTED", "已受理")
    assert transfer.remote_version >= 3

    # A package signed with another key is refused by B, and B writes nothing.
    forged = services.package_of(transfer)
    forged["package_id"] = "00000000-0000-4000-8000-000000000001"
    stranger = lib_signing.load_private(lib_signing.generate_private())
    request = urllib.request.Request(
        b["url"] + services.INBOUND_PATH, method="POST",
        data=json.dumps({"package": forged, "key_id": here.key_id,
                         "signature": lib_signing.b64(stranger.sign(lib_signing.canonical(forged).encode()))}).encode(),
        headers={"Authorization": f"Bearer {b_knows_a['token']}", "Content-Type": "application/json"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    count = "from onewindow.cases.models import Case; print(Case.objects.count())"
    assert manage(b["env"], "shell", "-c", count).strip().splitlines()[-1] == "1"
