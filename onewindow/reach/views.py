"""The reach pages: agency requests (applicant, hotline/window desk, runner), statistics,
the outlet desk and the cross-province transfers list. Each POST calls one service."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.views.decorators.http import require_POST

from onewindow.accounts.roles import Role
from onewindow.accounts.services import user_roles
from onewindow.cases import services as case_services
from onewindow.cases.models import Applicant
from onewindow.catalog import cache as catalog_cache
from onewindow.catalog.models import Region, ServicePoint
from onewindow.lib.errors import DomainError, NotFound

from . import forms, selectors
from .choices import AGENCY_FINISHED, AgencyMode, AgencySource, AgencyStatus, TransferStatus
from .models import CrossTownMatter, CrossTownRouting, OutletMatter, Partner
from .services import agency as services
from .services import outlets as outlet_services
from .services import transfer as transfer_services

DESK = {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}


def render(request, template, context, status=200):
    """Renders a reach page; the tab bar offers the outlet desk to an outlet's staff."""
    profile = (
        getattr(request.user, "staff_profile", None) if request.user.is_authenticated else None
    )
    point = (
        catalog_cache.by_pk(ServicePoint, profile.service_point_id)
        if profile is not None and profile.service_point_id
        else None
    )
    context["is_outlet_staff"] = point is not None and point.kind in outlet_services.OUTLET_KINDS
    return django_render(request, template, context, status=status)


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def forbidden(request, message="您的账号没有办理这项业务的权限。"):
    return render(
        request, "reach/forbidden.html", {"message": message, "nav": "agency"}, status=403
    )


def _own_applicant(user) -> Applicant | None:
    found = Applicant.objects.filter(user=user).first()
    account = getattr(user, "applicant_account", None)
    if found is None and account is not None:
        found = case_services.applicant_register(
            kind=account.kind, name=account.name, id_number=account.id_number,
            phone=account.phone, user=user, actor=user,
        )  # fmt: skip
    return found


@signed_in
def agency_list(request):
    roles = user_roles(request.user)
    status = request.GET.get("status") or ""
    rows = selectors.agency_requests_for(request.user)
    if status in AgencyStatus.values:
        rows = rows.filter(status=status)
    context = {
        "rows": rows[:200],
        "status": status,
        "statuses": AgencyStatus.choices,
        "is_desk": bool(roles & DESK),
        "is_runner": Role.RUNNER in roles,
        "nav": "agency",
    }
    return render(request, "reach/agency_list.html", context)


@signed_in
def agency_hotline(request):
    """The 12345 hotline clerk's page: the desk form with the hotline as the source."""
    if not user_roles(request.user) & DESK:
        return forbidden(request, "只有12345热线或窗口工作人员可以为来电群众登记。")
    return agency_new(request, source=AgencySource.HOTLINE)


@signed_in
def agency_new(request, source: str = AgencySource.WINDOW):
    is_desk = bool(user_roles(request.user) & DESK)
    form_class = forms.DeskAgencyRequestForm if is_desk else forms.AgencyRequestForm
    form = form_class(request.POST or None, initial={"source": source} if is_desk else None)
    who = forms.ApplicantForm(request.POST or None, prefix="a") if is_desk else None
    applicant = None if is_desk else _own_applicant(request.user)
    if not is_desk and applicant is None:
        return forbidden(request, "请使用申请人账号登录后申请帮代办。")
    if request.method == "POST" and form.is_valid() and (who is None or who.is_valid()):
        try:
            if who is not None:
                applicant = case_services.applicant_register(actor=request.user, **who.cleaned_data)
            created = services.agency_request_create(
                applicant=applicant, matter_code=form.cleaned_data["matter"],
                mode=form.cleaned_data["mode"],
                source=form.cleaned_data.get("source") or AgencySource.WEB,
                region=Region.objects.get(code=form.cleaned_data["region"]),
                phone=form.cleaned_data["phone"], address=form.cleaned_data["address"],
                note=form.cleaned_data["note"], actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if created.runner_id:
                messages.success(
                    request, f"已登记，由帮代办员 {created.runner.full_name} 为您服务。"
                )
            else:
                messages.info(request, "已登记，暂无空闲的帮代办员，有空闲时将自动分派。")
            return redirect("reach:agency_detail", pk=created.pk)
    elif applicant is not None and not request.POST:
        form.initial.update(phone=applicant.phone, address=applicant.address)
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "who": who,
        "is_desk": is_desk,
        "hotline": source == AgencySource.HOTLINE,
        "nav": "agency",
    }
    return render(request, "reach/agency_new.html", context, status=status)


def _detail_context(request, found, **overrides):
    user = request.user
    is_runner = found.runner is not None and found.runner.user_id == user.pk
    is_applicant = found.applicant.user_id is not None and found.applicant.user_id == user.pk
    matter = catalog_cache.published_matter(found.matter_code)
    material_names = [m.name for m in matter.materials.all()] if matter else []
    rating = selectors.agency_rating_of(found) if found.status in AGENCY_FINISHED else None
    open_to_runner = is_runner and found.status in (AgencyStatus.ASSIGNED, AgencyStatus.AUTHORISED)
    context = {
        "req": found,
        "is_runner": is_runner,
        "is_applicant": is_applicant,
        "rating": rating,
        "delivery": getattr(found.case, "delivery", None) if found.case_id else None,
        "may_authorise": open_to_runner and found.mode != AgencyMode.REMOTE_GUIDANCE,
        "may_apply": is_runner and found.status == AgencyStatus.AUTHORISED,
        "may_mail": is_runner and found.status == AgencyStatus.APPLIED,
        "may_finish": open_to_runner and found.mode != AgencyMode.FULL_AGENCY,
        "may_rate": is_applicant and found.status in AGENCY_FINISHED and rating is None,
        "auth_form": forms.AuthorisationForm(),
        "fields_form": forms.CaseFieldsForm(matter.form_fields if matter else []),
        "apply_form": forms.ApplyExtraForm(
            material_names,
            initial={
                "mail_address": found.mail_address or found.address,
                "materials": material_names,
            },
        ),
        "mail_form": forms.MailForm(initial={"address": found.mail_address}),
        "note_form": forms.NoteForm(),
        "rate_form": forms.RateForm(),
        "nav": "agency",
    }
    context.update(overrides)
    return context


def _visible(request, pk):
    try:
        return selectors.agency_request_get(request.user, pk)
    except NotFound:
        raise Http404("未找到该帮代办请求") from None


@signed_in
def agency_detail(request, pk: int):
    found = _visible(request, pk)
    return render(request, "reach/agency_detail.html", _detail_context(request, found))


def _act(request, pk, form, call, done: str, form_key: str):
    """Runs `call(form)` for a valid form, else re-renders the detail with the form's reasons."""
    found = _visible(request, pk)
    if form.is_valid():
        try:
            call(found, form)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
        return redirect("reach:agency_detail", pk=pk)
    context = _detail_context(request, found, **{form_key: form})
    return render(request, "reach/agency_detail.html", context, status=422)


@require_POST
@signed_in
def agency_authorise(request, pk: int):
    return _act(request, pk, forms.AuthorisationForm(request.POST), lambda r, f: services.authorisation_record(
        request_id=r.pk, actor=request.user, **f.cleaned_data), "已记录授权委托。", "auth_form")  # fmt: skip


@require_POST
@signed_in
def agency_apply(request, pk: int):
    found = _visible(request, pk)
    matter = catalog_cache.published_matter(found.matter_code)
    fields = forms.CaseFieldsForm(matter.form_fields if matter else [], request.POST)
    extra = forms.ApplyExtraForm(
        [m.name for m in matter.materials.all()] if matter else [], request.POST
    )
    if fields.is_valid() and extra.is_valid():
        try:
            case = services.agency_apply(
                request_id=found.pk, form_data=fields.form_data(),
                materials=[{"name": n} for n in extra.cleaned_data["materials"]],
                mail_address=extra.cleaned_data["mail_address"], actor=request.user,
            )  # fmt: skip
        except DomainError as exc:
            if isinstance(exc.details, dict):
                fields.add_domain_errors(exc.details)
            else:
                messages.error(request, exc.message)
                return redirect("reach:agency_detail", pk=pk)
        else:
            messages.success(request, f"已凭授权委托代为申请，办件编号 {case.number}。")
            return redirect("reach:agency_detail", pk=pk)
    context = _detail_context(request, found, fields_form=fields, apply_form=extra)
    return render(request, "reach/agency_detail.html", context, status=422)


@require_POST
@signed_in
def agency_mail(request, pk: int):
    return _act(request, pk, forms.MailForm(request.POST), lambda r, f: services.agency_mail_result(
        request_id=r.pk, actor=request.user, **f.cleaned_data), "结果已免费寄出。", "mail_form")  # fmt: skip


@require_POST
@signed_in
def agency_finish(request, pk: int):
    return _act(request, pk, forms.NoteForm(request.POST), lambda r, f: services.agency_guidance_done(
        request_id=r.pk, note=f.cleaned_data["note"], actor=request.user), "已完成。", "note_form")  # fmt: skip


@require_POST
@signed_in
def agency_rate(request, pk: int):
    return _act(request, pk, forms.RateForm(request.POST), lambda r, f: services.agency_rate(
        request_id=r.pk, actor=request.user, **f.cleaned_data), "感谢您的评价。", "rate_form")  # fmt: skip


@signed_in
def agency_stats(request):
    if not user_roles(request.user) & DESK:
        return forbidden(request)
    context = {
        "runners": selectors.runner_stats_rated(),
        "regions": selectors.region_stats(),
        "nav": "agency_stats",
    }
    return render(request, "reach/agency_stats.html", context)


@signed_in
def outlet_desk(request):
    try:
        point = outlet_services.outlet_of(request.user)
    except DomainError as exc:
        return forbidden(request, exc.message)
    entrusted = list(OutletMatter.objects.filter(service_point_id=point.pk))
    code = request.GET.get("matter") or request.POST.get("matter") or ""
    chosen = next((e for e in entrusted if e.matter_code == code), None)
    matter = catalog_cache.published_matter(code) if chosen else None
    names = [m.name for m in matter.materials.all()] if matter else []
    fields = forms.CaseFieldsForm(matter.form_fields if matter else [], request.POST or None)
    who = forms.OutletIntakeForm(
        names, request.POST or None, prefix="a", initial={"materials": names}
    )
    status = 200
    if request.method == "POST":
        if chosen is None:
            messages.error(request, outlet_services.ERR_NOT_ENTRUSTED)
            return redirect("reach:outlet_desk")
        if fields.is_valid() and who.is_valid():
            data = dict(who.cleaned_data)
            materials = data.pop("materials")
            try:
                applicant = case_services.applicant_register(actor=request.user, **data)
                case, _ = outlet_services.outlet_case_submit(
                    applicant=applicant, matter_code=code, form_data=fields.form_data(),
                    materials=[{"name": n} for n in materials], actor=request.user,
                )  # fmt: skip
            except DomainError as exc:
                fields.add_domain_errors(exc.details)
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    f"已受理，办件编号 {case.number}，已转 {case.lead_department.name} 办理。",
                )
                return redirect("reach:outlet_desk")
        status = 422
    context = {
        "point": point,
        "entrusted": entrusted,
        "chosen": chosen,
        "matter": matter,
        "fields": fields,
        "who": who,
        "cases": selectors.outlet_cases(point.pk)[:50],
        "nav": "outlet",
    }
    return render(request, "reach/outlet_desk.html", context, status=status)


def _desk_point(user):
    profile = getattr(user, "staff_profile", None)
    if profile is None or not profile.service_point_id:
        return None
    return catalog_cache.by_pk(ServicePoint, profile.service_point_id)


@signed_in
def cross_town(request):
    """跨镇通办 at any service point: the case goes to the office of the applicant's place."""
    point = _desk_point(request.user)
    if not user_roles(request.user) & {Role.CLERK, Role.ADMIN} or point is None:
        return forbidden(request, "只有服务场所的窗口工作人员可以收件。")
    codes = list(
        CrossTownMatter.objects.filter(is_active=True).values_list("matter_code", flat=True)
    )
    form = forms.CrossTownForm(
        codes, request.POST or None, initial={"matter": request.GET.get("matter")}
    )
    code = request.POST.get("matter") or request.GET.get("matter") or ""
    matter = catalog_cache.published_matter(code) if code in codes else None
    names = [m.name for m in matter.materials.all()] if matter else []
    fields = forms.CaseFieldsForm(matter.form_fields if matter else [], request.POST or None)
    who = forms.OutletIntakeForm(
        names, request.POST or None, prefix="a", initial={"materials": names}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid() and fields.is_valid() and who.is_valid() and matter is not None:
            data = dict(who.cleaned_data)
            materials = data.pop("materials")
            try:
                applicant = case_services.applicant_register(actor=request.user, **data)
                case = outlet_services.cross_town_submit(
                    accepting_point=point, applicant=applicant, matter_code=code,
                    home_region=Region.objects.get(code=form.cleaned_data["home_region"]),
                    form_data=fields.form_data(), materials=[{"name": n} for n in materials],
                    actor=request.user,
                )  # fmt: skip
            except DomainError as exc:
                fields.add_domain_errors(exc.details)
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, f"已收件，办件 {case.number} 已流转至 {case.service_point.name}。"
                )
                return redirect("reach:cross_town")
        status = 422
    context = {"point": point, "form": form, "matter": matter, "has_matters": bool(codes), "fields": fields, "who": who,
               "routings": CrossTownRouting.objects.select_related("case", "competent_point", "competent_region")
               .filter(accepted_at_point=point)[:50], "nav": "cross_town"}  # fmt: skip
    return render(request, "reach/cross_town.html", context, status=status)


@signed_in
def transfers(request):
    """跨省通办: the window takes the application for a partner platform and sends it."""
    if not user_roles(request.user) & DESK:
        return forbidden(request)
    partners = list(Partner.objects.filter(is_active=True))
    form = forms.TransferForm(partners, request.POST or None)
    who = forms.ApplicantForm(request.POST or None, prefix="a")
    status = 200
    if request.method == "POST":
        if form.is_valid() and who.is_valid():
            files = [(f.name, f.name, f.read()) for f in request.FILES.getlist("files")]
            try:
                applicant = case_services.applicant_register(actor=request.user, **who.cleaned_data)
                point = _desk_point(request.user)
                made = transfer_services.transfer_prepare(
                    partner=next(p for p in partners if p.code == form.cleaned_data["partner"]),
                    applicant=applicant, matter_code=form.cleaned_data["matter_code"],
                    matter_name=form.cleaned_data["matter_name"], form_data=form.form_data(),
                    materials=files, service_point=point, actor=request.user,
                )  # fmt: skip
                sent = transfer_services.transfer_send(transfer_id=made.pk, actor=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                if sent.status == TransferStatus.SENT:
                    messages.success(
                        request,
                        f"已送达{sent.partner.name}，对方办件编号 {sent.remote_case_number}。",
                    )
                else:
                    messages.error(request, f"发送失败，可稍后重发：{sent.last_error}")
                return redirect("reach:transfers")
        status = 422
    context = {
        "rows": selectors.transfers_out()[:100],
        "form": form,
        "who": who,
        "nav": "transfers",
    }
    return render(request, "reach/transfers.html", context, status=status)
