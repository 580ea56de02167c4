"""Demand pages: list, file (enterprise, hotline clerk, steward), demand (assign, resolve,
rate) and the 动态清零 board."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from onewindow.accounts.services import user_roles
from onewindow.catalog.models import Department
from onewindow.lib.errors import DomainError, InvalidInput

from .. import selectors
from ..choices import DemandStatus
from ..forms import AssignForm, DemandForm, RateForm, ResolveForm
from ..lookups import card_by_code, enterprise_by_id_number
from ..services import demands as services
from .common import DISPATCHERS, ON_BEHALF, login_only, page, staff_only


@login_only
def demand_list(request):
    status = request.GET.get("status", "")
    if status not in DemandStatus.values:
        status = ""
    department = Department.objects.filter(code=request.GET.get("department", "")).first()
    demands = list(
        selectors.demand_list(
            request.user, status=status, department_id=department.pk if department else None
        )[:300]
    )
    can_file = bool(user_roles(request.user) & ON_BEHALF) or bool(
        services.own_enterprise(request.user)
    )
    return page(
        request,
        "enterprise/demand_list.html",
        {"demands": demands, "status": status, "statuses": DemandStatus.choices,
         "can_file": can_file, "department": department},
        tab="demands",
    )  # fmt: skip


@login_only
def demand_new(request):
    own = services.own_enterprise(request.user)
    on_behalf = own is None
    if on_behalf and not user_roles(request.user) & ON_BEHALF:
        return page(request, "enterprise/forbidden.html", {}, status=403)
    form = DemandForm(request.POST or None, on_behalf=on_behalf)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            enterprise = enterprise_by_id_number(d["enterprise_id_number"]) if on_behalf else own
            demand = services.demand_file(
                data=services.DemandInput(
                    service=d["service"], description=d["description"], enterprise=enterprise,
                    project=card_by_code(d["project_code"]) if d["project_code"] else None,
                    contact_name=d["contact_name"], contact_phone=d["contact_phone"],
                ),
                actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"诉求已提交，编号 {demand.number}")
            return redirect("enterprise:demand", number=demand.number)
    status = 422 if request.method == "POST" else 200
    return page(
        request, "enterprise/demand_new.html", {"form": form, "on_behalf": on_behalf,
                                                "own": own}, status=status, tab="demands",
    )  # fmt: skip


def _demand(request, number):
    demand = selectors.demand_detail(request.user, number)
    if demand is None:
        raise Http404("未找到该诉求")
    return demand


@login_only
def demand_detail(request, number: str):
    demand = _demand(request, number)
    user = request.user
    can_assign = bool(user_roles(user) & DISPATCHERS) and demand.status in (
        DemandStatus.SUBMITTED, DemandStatus.ASSIGNED,
    )  # fmt: skip
    department = demand.department or demand.service.default_department
    return page(
        request,
        "enterprise/demand_detail.html",
        {
            "d": demand,
            "can_assign": can_assign,
            "assign_form": AssignForm(
                initial={
                    "department": department.pk if department else None,
                    "limit_days": demand.limit_days or demand.service.limit_days,
                }
            ),
            "can_resolve": demand.status == DemandStatus.ASSIGNED
            and services.can_resolve(user, demand),
            "resolve_form": ResolveForm(),
            "can_rate": demand.status == DemandStatus.RESOLVED and services.can_rate(user, demand),
            "rate_form": RateForm(),
            "ratings": list(demand.ratings.all()),
        },
        tab="demands",
    )


@require_POST
@login_only
def demand_action(request, number: str, action: str):
    _demand(request, number)
    forms = {"assign": AssignForm, "resolve": ResolveForm, "rate": RateForm}
    if action not in forms:
        raise Http404("未知操作")
    form = forms[action](request.POST)
    try:
        if not form.is_valid():
            raise InvalidInput(
                "；".join(f"{form.fields[f].label if f in form.fields else ''}{' '.join(e)}"
                         for f, e in form.errors.items()),
                code="form_invalid",
            )  # fmt: skip
        d = form.cleaned_data
        if action == "assign":
            services.demand_assign(
                number=number, department=d["department"], limit_days=d["limit_days"],
                actor=request.user,
            )  # fmt: skip
            done = f"已分派至 {d['department'].name}"
        elif action == "resolve":
            services.demand_resolve(number=number, resolution=d["resolution"], actor=request.user)
            done = "已办结，等待企业评价"
        else:
            demand = services.demand_rate(
                number=number, satisfaction=d["satisfaction"], comment=d["comment"],
                actor=request.user,
            )  # fmt: skip
            done = ("感谢评价，诉求已清零" if demand.status == DemandStatus.CLOSED
                    else "已退回承办部门重新办理")  # fmt: skip
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("enterprise:demand", number=number)


@staff_only
def board(request):
    return page(request, "enterprise/board.html", {"b": selectors.clearance_board()}, tab="board")
