"""Submitting: bad input is refused with a reason and nothing is half-written."""

import pytest

from onewindow.cases import services
from onewindow.cases.models import Applicant, Case
from onewindow.lib.errors import Conflict, InvalidInput, NotFound

from .conftest import GOOD_FORM, company_id, person_id


def test_case_numbers_are_readable_and_consecutive(submit):
    first, second = submit(), submit()
    region, day, seq = first.number.split("-")
    assert region == "500199" and len(day) == 8
    assert int(second.number.split("-")[2]) == int(seq) + 1


def test_a_forged_id_number_is_refused(district):
    forged = person_id()[:-1] + ("0" if person_id()[-1] != "0" else "1")
    with pytest.raises(InvalidInput, match="校验位"):
        services.applicant_register(kind="PERSON", name="李四", id_number=forged, actor=None)
    assert not Applicant.objects.exists()


def test_an_organisation_is_registered_by_its_credit_code(district):
    org = services.applicant_register(
        kind="ORGANISATION", name="清江小吃有限公司", id_number=company_id(), actor=None
    )
    assert org.masked_id.startswith("915001") and "*" in org.masked_id


def test_registering_twice_returns_the_same_applicant(district):
    a = services.applicant_register(kind="PERSON", name="张三", id_number=person_id(), actor=None)
    b = services.applicant_register(
        kind="PERSON", name="张三", id_number=person_id(), phone="139", actor=None
    )
    assert a.pk == b.pk and b.phone == "139"


def test_an_unknown_matter_is_a_404(submit):
    with pytest.raises(NotFound):
        submit(matter="NO-SUCH")


def test_a_form_missing_required_fields_names_each_one(submit):
    with pytest.raises(InvalidInput) as caught:
        submit(form_data={"phone": "abc", "nonsense": 1})
    details = caught.value.details
    assert set(details) == {"applicant_name", "phone", "nonsense"}
    assert not Case.objects.exists()


def test_a_channel_the_matter_does_not_offer_is_refused(submit):
    with pytest.raises(Conflict, match="渠道"):
        submit(channel="MOBILE")


def test_an_outlet_takes_only_the_matters_entrusted_to_it(submit, district, people):
    licence = district["licence"]
    licence.channels = [*licence.channels, "OUTLET"]
    licence.save()
    with pytest.raises(Conflict, match="未获授权"):
        submit(channel="OUTLET", service_point=district["outlet"], actor=people["outlet_clerk"])
    district["outlet"].matters.add(licence)
    case = submit(channel="OUTLET", service_point=district["outlet"], actor=people["outlet_clerk"])
    assert case.service_point == district["outlet"]


def test_an_idempotency_key_never_makes_a_second_case(district, people, applicant):
    kwargs = dict(
        actor=people["citizen"], applicant=applicant, channel="ONLINE", matter_code="XK-001",
        form_data=GOOD_FORM, idempotency_key="retry-1",
    )  # fmt: skip
    first, created = services.case_submit(**kwargs)
    again, created_again = services.case_submit(**kwargs)
    assert created and not created_again and first.pk == again.pk
    assert Case.objects.count() == 1


def test_a_bundle_form_asks_shared_fields_once(submit):
    case = submit(bundle="open-shop")
    assert case.form_data == GOOD_FORM
    assert case.promised_limit_days == 10
