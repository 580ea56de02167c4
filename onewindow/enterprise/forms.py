"""The forms of the enterprise pages; the services check the rules, the forms the shapes."""

from django import forms
from django.contrib.auth import get_user_model

from onewindow.accounts.roles import Role
from onewindow.catalog.models import Department

from .choices import Satisfaction
from .models import DemandService


def _departments():
    return Department.objects.filter(is_active=True).order_by("order", "code")


class CardForm(forms.Form):
    code = forms.CharField(label="项目代码", max_length=40, help_text="如 2026-500199-47-03-012345")
    name = forms.CharField(label="项目名称", max_length=120)
    enterprise_id_number = forms.CharField(label="建设单位统一社会信用代码", max_length=18)
    steward = forms.ModelChoiceField(
        label="项目管家", queryset=get_user_model().objects.none(), empty_label="请选择项目管家"
    )
    lead_department = forms.ModelChoiceField(
        label="牵头部门", queryset=Department.objects.none(), empty_label="请选择牵头部门"
    )
    lead_person = forms.CharField(label="牵头负责人", max_length=50)
    target_start_date = forms.DateField(
        label="计划开工日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    investment = forms.DecimalField(
        label="总投资（万元）", min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    address = forms.CharField(label="建设地点", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(groups__name=Role.STEWARD).distinct()
        self.fields["steward"].queryset = users.order_by("username")
        self.fields["steward"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["lead_department"].queryset = _departments()


class RescheduleForm(forms.Form):
    target_start_date = forms.DateField(
        label="新的计划开工日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    duty = forms.CharField(label="职责", max_length=60)
    department = forms.ModelChoiceField(
        label="单位", queryset=Department.objects.none(), required=False
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class DemandForm(forms.Form):
    service = forms.ModelChoiceField(
        label="诉求类别", queryset=DemandService.objects.none(), empty_label="请选择诉求类别"
    )
    description = forms.CharField(
        label="诉求内容", max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    enterprise_id_number = forms.CharField(
        label="企业统一社会信用代码", max_length=18, required=False,
        help_text="代企业提出（12345 热线、项目管家）时填写",
    )  # fmt: skip
    project_code = forms.CharField(label="所属项目代码", max_length=40, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话", max_length=20, required=False)

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = DemandService.objects.filter(is_active=True)
        if on_behalf:
            self.fields["enterprise_id_number"].required = True
        else:
            del self.fields["enterprise_id_number"]


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办部门", queryset=Department.objects.none(), empty_label="请选择承办部门"
    )
    limit_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label="办理结果", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="评价", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
