"""Enterprise demands: who may file through which door, the working-day deadline, who
resolves, the enterprise's rating (unsatisfied reopens), and the 动态清零 board."""

import pytest
import time_machine
from django.utils import timezone

from onewindow.audit.models import AuditEvent
from onewindow.enterprise import selectors
from onewindow.enterprise.choices import DemandChannel, DemandStatus, Signal
from onewindow.enterprise.models import Demand
from onewindow.enterprise.services import demands as ds
from onewindow.lib.errors import Conflict, Forbidden, InvalidInput

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def file(services, enterprise, staff):
    def _file(actor=None, ent=None, service="land", text="新厂房用地需求", **kw):
        return ds.demand_file(
            data=ds.DemandInput(service=services[service], description=text,
                                enterprise=ent or enterprise, **kw),
            actor=actor or staff["owner"],
        )  # fmt: skip

    return _file


def test_the_enterprise_files_on_the_web_and_gets_a_number(file):
    with time_machine.travel(at(2030, 10, 14, 9), tick=False):
        first, second = file(), file()
    assert (first.number, second.number) == ("SQ203010140001", "SQ203010140002")
    assert first.channel == DemandChannel.WEB and first.status == DemandStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="demand.file").count() == 2


def test_the_hotline_and_the_steward_file_for_an_enterprise(file, staff):
    assert file(actor=staff["hotline"]).channel == DemandChannel.HOTLINE
    assert file(actor=staff["steward"]).channel == DemandChannel.STEWARD


def test_nobody_else_files_for_an_enterprise(file, staff, other_enterprise):
    with pytest.raises(Forbidden):
        file(actor=staff["citizen"])
    with pytest.raises(Forbidden):  # another company cannot file in this one's name
        file(actor=staff["other_owner"])
    assert not Demand.objects.exists()


def test_a_person_is_not_an_enterprise(file, applicant, staff):
    with pytest.raises(InvalidInput) as exc:
        file(actor=staff["hotline"], ent=applicant)
    assert exc.value.code == "demand_not_enterprise"


def test_a_demand_needs_words(file):
    with pytest.raises(InvalidInput):
        file(text="   ")


def test_the_project_must_be_the_enterprise_s(file, make_card, other_enterprise):
    card = make_card(ent=other_enterprise)
    with pytest.raises(InvalidInput):
        file(project=card)


def test_assignment_sets_a_deadline_in_working_days(file, staff, district, october_2030):
    demand = file()
    with time_machine.travel(at(2030, 10, 15, 10), tick=False):  # Tuesday; the 17th is off
        d = ds.demand_assign(
            number=demand.number, department=district["fire"], actor=staff["hotline"]
        )
    # The service's 3 working days: 16th, 18th, 21st (not the holiday, not the weekend).
    assert d.status == DemandStatus.ASSIGNED and d.limit_days == 3
    assert timezone.localtime(d.due_at) == at(2030, 10, 22, 0)
    assert timezone.localtime(d.warn_at) == at(2030, 10, 19, 0)  # end of the 18th


def test_only_dispatchers_assign_and_the_limit_is_bounded(file, staff, district):
    demand = file()
    with pytest.raises(Forbidden):
        ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["steward"])
    with pytest.raises(InvalidInput):
        ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["hotline"],
                         limit_days=0)  # fmt: skip


def test_only_the_assigned_department_resolves(file, staff, district):
    demand = file()
    with pytest.raises(Conflict):  # not assigned yet
        ds.demand_resolve(number=demand.number, resolution="已答复", actor=staff["supervisor"])
    ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["hotline"])
    with pytest.raises(Forbidden):
        ds.demand_resolve(number=demand.number, resolution="已答复", actor=staff["food_reviewer"])
    with pytest.raises(InvalidInput):
        ds.demand_resolve(number=demand.number, resolution=" ", actor=staff["fire_reviewer"])
    d = ds.demand_resolve(
        number=demand.number, resolution="已协调供地", actor=staff["fire_reviewer"]
    )
    assert d.status == DemandStatus.RESOLVED and d.resolved_at


def _resolved(file, staff, district):
    demand = file()
    with time_machine.travel(at(2030, 10, 14, 9), tick=False):
        ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["hotline"])
        ds.demand_resolve(number=demand.number, resolution="已答复", actor=staff["fire_reviewer"])
    return demand


def test_satisfied_clears_the_demand(file, staff, district):
    demand = _resolved(file, staff, district)
    d = ds.demand_rate(number=demand.number, satisfaction="SATISFIED", actor=staff["owner"])
    assert d.status == DemandStatus.CLOSED and d.closed_at
    with pytest.raises(Conflict):
        ds.demand_rate(number=demand.number, satisfaction="SATISFIED", actor=staff["owner"])


def test_unsatisfied_reopens_with_the_same_department_and_a_fresh_deadline(file, staff, district):
    demand = _resolved(file, staff, district)
    with pytest.raises(InvalidInput) as exc:  # a reason is required
        ds.demand_rate(number=demand.number, satisfaction="UNSATISFIED", actor=staff["owner"])
    assert exc.value.code == "demand_comment_required"
    with time_machine.travel(at(2030, 10, 21, 9), tick=False):  # Monday
        d = ds.demand_rate(number=demand.number, satisfaction="UNSATISFIED", comment="没有解决",
                           actor=staff["owner"])  # fmt: skip
    assert d.status == DemandStatus.ASSIGNED and d.reopen_count == 1
    assert d.department == district["fire"] and d.resolved_at is None
    assert timezone.localtime(d.due_at) == at(2030, 10, 25, 0)  # 22nd, 23rd, 24th
    assert [r.satisfaction for r in d.ratings.all()] == ["UNSATISFIED"]
    ds.demand_resolve(number=demand.number, resolution="已现场解决", actor=staff["fire_reviewer"])
    d = ds.demand_rate(number=demand.number, satisfaction="SATISFIED", actor=staff["owner"])
    assert d.status == DemandStatus.CLOSED and d.ratings.count() == 2


def test_only_the_enterprise_rates(file, staff, district):
    demand = _resolved(file, staff, district)
    for someone in ("hotline", "other_owner", "supervisor"):
        with pytest.raises(Forbidden):
            ds.demand_rate(number=demand.number, satisfaction="SATISFIED", actor=staff[someone])
    with pytest.raises(InvalidInput):
        ds.demand_rate(number=demand.number, satisfaction="MEH", actor=staff["owner"])


def test_the_board_shows_open_demands_per_department_until_cleared(file, staff, district):
    with time_machine.travel(at(2030, 10, 14, 9), tick=False):
        file()  # unassigned
        late = file()
        ds.demand_assign(number=late.number, department=district["fire"], actor=staff["hotline"])
        fresh = file()
        ds.demand_assign(
            number=fresh.number,
            department=district["police"],
            actor=staff["hotline"],
            limit_days=10,
        )
    board = selectors.clearance_board(now=at(2030, 10, 18, 9))  # fire's ran out on the 17th
    rows = {r["department"].code: r for r in board["rows"]}
    assert board["unassigned"] == 1
    assert (rows["XF"]["open"], rows["XF"]["red"]) == (1, 1)
    assert (rows["GA"]["open"], rows["GA"]["green"], rows["GA"]["red"]) == (1, 1, 0)
    assert board["rows"][0]["department"].code == "XF"  # red first
    ds.demand_resolve(number=late.number, resolution="已答复", actor=staff["fire_reviewer"])
    assert {r["department"].code: r["resolved"] for r in selectors.clearance_board()["rows"]}[
        "XF"
    ] == 1
    ds.demand_rate(number=late.number, satisfaction="SATISFIED", actor=staff["owner"])
    board = selectors.clearance_board()
    assert "XF" not in {r["department"].code for r in board["rows"]} and board["cleared"] == 1


def test_a_demand_s_signal_follows_its_deadline(file, staff, district):
    demand = file()
    with time_machine.travel(at(2030, 10, 14, 9), tick=False):  # due end of Thursday 17th
        ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["hotline"])

    def signal(now):
        return selectors.demand_detail(staff["supervisor"], demand.number, now=now).signal

    assert signal(at(2030, 10, 15, 9)) == Signal.GREEN
    assert signal(at(2030, 10, 17, 9)) == Signal.YELLOW
    assert signal(at(2030, 10, 18, 9)) == Signal.RED


def test_reassignment_moves_the_demand_and_restarts_its_clock(file, staff, district):
    demand = file()
    with time_machine.travel(at(2030, 10, 14, 9), tick=False):
        ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["hotline"])
    with time_machine.travel(at(2030, 10, 16, 9), tick=False):
        d = ds.demand_assign(number=demand.number, department=district["police"],
                             actor=staff["hotline"])  # fmt: skip
    assert d.department == district["police"]
    assert timezone.localtime(d.due_at) == at(2030, 10, 22, 0)  # 17th, 18th, 21st
    with pytest.raises(Forbidden):  # the fire brigade no longer holds it
        ds.demand_resolve(number=demand.number, resolution="已答复", actor=staff["fire_reviewer"])
    ds.demand_resolve(number=demand.number, resolution="已答复", actor=staff["police_reviewer"])
    with pytest.raises(Conflict):  # resolved: no more reassigning
        ds.demand_assign(number=demand.number, department=district["fire"], actor=staff["hotline"])
