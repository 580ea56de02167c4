"""Who may do what in trust approval; the pages and the API ask the same questions."""

import base64
import binascii

from onewindow.cases.models import Case
from onewindow.cases.permissions import is_clerk_for, is_owner
from onewindow.lib.errors import InvalidInput, NotFound

from .services import ERR_SIGNATURE

ERR_CASE = "未找到该办件"


def pledge_case(user, number: str) -> Case:
    """The case the user may sign a pledge for: the applicant's own (online) or one a
    clerk of its service point handles (at the window). 404 otherwise, like a number
    that does not exist."""
    case = (
        Case.objects.select_related("applicant", "matter", "lead_department")
        .filter(number=number)
        .first()
    )
    if case is None or not (is_owner(user, case) or is_clerk_for(user, case)):
        raise NotFound(ERR_CASE, code="case_not_found")
    return case


def signature_bytes(data_uri: str) -> bytes | None:
    """The PNG a canvas gives as `data:image/png;base64,...`; empty means none drawn."""
    data_uri = (data_uri or "").strip()
    if not data_uri:
        return None
    prefix = "data:image/png;base64,"
    if not data_uri.startswith(prefix):
        raise InvalidInput(ERR_SIGNATURE, code="signature_invalid")
    try:
        return base64.b64decode(data_uri[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(ERR_SIGNATURE, code="signature_invalid") from None


def mask_id(id_number: str) -> str:
    if len(id_number) <= 8:
        return id_number
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def public_name(applicant) -> str:
    """Organisations are listed by name; a person's name is masked (张*)."""
    if applicant.kind == "PERSON":
        name = applicant.name
        return name[0] + "*" * (len(name) - 1) if len(name) > 1 else name
    return applicant.name
