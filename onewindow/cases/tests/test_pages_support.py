"""Helpers for the page tests: post the forms a clerk, reviewer or applicant fills in.

(Named test_pages_* to sit with the page tests; it holds no tests itself.)
"""

import re

from onewindow.cases.models import Case

from .conftest import GOOD_FORM

PROVIDED, MISSING, INVALID = "PROVIDED", "MISSING", "INVALID"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def intake_data(*results, notes=(), form=GOOD_FORM, action="accept", reason="", **extra):
    """The new-case form: application fields, one checklist result per material, the button."""
    data = {f"f-{k}": v for k, v in form.items()}
    for i, result in enumerate(results):
        data[f"m-r{i}"] = result
        data[f"m-n{i}"] = notes[i] if i < len(notes) else ""
    data.update(action=action, reason=reason, **extra)
    return data


def new_case(client, applicant, target, *results, key="", **kw):
    data = intake_data(*results, **kw)
    data.update(applicant=applicant.pk, target=target, key=key)
    return client.post("/cases/workbench/new/", data)


def newest_case() -> Case:
    return Case.objects.order_by("-id").first()


def text(response) -> str:
    """The visible text of a page, tags dropped and whitespace squeezed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
