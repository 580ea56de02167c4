from datetime import timedelta

from django import forms
from django.utils import timezone

from onewindow.cases.forms import ApplicantForm, CaseFieldsForm  # noqa: F401  (re-exported)
from onewindow.catalog.choices import RegionLevel
from onewindow.catalog.models import Matter, Region
from onewindow.ratings.choices import RatingLevel

from .choices import AgencyMode, AgencySource


def matter_choices(codes=None):
    qs = Matter.objects.published().order_by("code").values_list("code", "name")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [("", "请选择事项"), *((code, f"{name}（{code}）") for code, name in qs)]


def region_choices():
    rows = Region.objects.order_by("code").values_list("code", "name", "level")
    indent = {RegionLevel.DISTRICT: "", RegionLevel.TOWN: "　", RegionLevel.VILLAGE: "　　"}
    return [("", "请选择所在村社区或镇街"), *((c, indent.get(lv, "") + n) for c, n, lv in rows)]


class AgencyRequestForm(forms.Form):
    matter = forms.ChoiceField(label="要办的事项")
    mode = forms.ChoiceField(
        label="服务方式", choices=AgencyMode.choices, initial=AgencyMode.FULL_AGENCY,
        widget=forms.RadioSelect,
        help_text="远程指导：电话或视频指导您自己申请；上门协助：帮代办员上门帮您填表收件；全程代办：委托帮代办员代为申请，结果免费邮寄到家。",
    )  # fmt: skip
    region = forms.ChoiceField(label="所在村社区或镇街")
    phone = forms.CharField(label="联系电话", max_length=20)
    address = forms.CharField(label="联系地址（结果寄送地址）", max_length=200, required=False)
    note = forms.CharField(
        label="需求说明", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].choices = matter_choices()
        self.fields["region"].choices = region_choices()


class DeskAgencyRequestForm(AgencyRequestForm):
    """At the 12345 hotline or a window: who calls and how the request came in."""

    source = forms.ChoiceField(
        label="来源", choices=[c for c in AgencySource.choices if c[0] != AgencySource.WEB],
        initial=AgencySource.HOTLINE, widget=forms.RadioSelect,
    )  # fmt: skip


class AuthorisationForm(forms.Form):
    scope = forms.CharField(
        label="委托事项", max_length=300, initial="代为提交申请材料、代为领取办理结果并邮寄"
    )
    valid_from = forms.DateField(
        label="委托起始日", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label="委托截止日", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["valid_from"].initial = today
        self.fields["valid_until"].initial = today + timedelta(days=30)

    def clean(self):
        data = super().clean()
        if (
            data.get("valid_from")
            and data.get("valid_until")
            and data["valid_until"] < data["valid_from"]
        ):
            self.add_error("valid_until", "委托截止日不能早于起始日")
        return data


class ApplyExtraForm(forms.Form):
    materials = forms.MultipleChoiceField(
        label="已收取的材料", required=False, widget=forms.CheckboxSelectMultiple
    )
    mail_address = forms.CharField(label="结果寄送地址", max_length=200)

    def __init__(self, material_names, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(n, n) for n in material_names]


class MailForm(forms.Form):
    tracking_number = forms.CharField(label="邮件号（快递单号）", max_length=40)
    address = forms.CharField(label="寄送地址", max_length=200, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    level = forms.ChoiceField(
        label="您对帮代办员的评价", choices=RatingLevel.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见建议", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class OutletIntakeForm(ApplicantForm):
    materials = forms.MultipleChoiceField(
        label="已收取的材料", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, material_names, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["materials"].choices = [(n, n) for n in material_names]


class CrossTownForm(forms.Form):
    matter = forms.ChoiceField(label="跨镇通办事项")
    home_region = forms.ChoiceField(label="申请人户籍或住所所在镇街、村社区")

    def __init__(self, codes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matter"].choices = matter_choices(codes)
        self.fields["home_region"].choices = region_choices()


class TransferForm(forms.Form):
    partner = forms.ChoiceField(label="办理地平台")
    matter_code = forms.CharField(label="对方事项编码", max_length=64)
    matter_name = forms.CharField(label="事项名称", max_length=200)
    form_text = forms.CharField(
        label="申请表（每行一项：字段=内容）", required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "reason=投靠子女"}),
    )  # fmt: skip

    def __init__(self, partners, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [
            ("", "请选择合作平台"),
            *((p.code, p.name) for p in partners),
        ]

    def form_data(self) -> dict:
        data = {}
        for line in (self.cleaned_data.get("form_text") or "").splitlines():
            key, sep, value = line.partition("=")
            if sep and key.strip():
                data[key.strip()] = value.strip()
        return data
