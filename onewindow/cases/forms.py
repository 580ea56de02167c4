"""Forms of the case pages. They check what a person typed; the rules of the case itself
(state machine, limits, who may act) stay in the services, whose messages the pages show."""

from dataclasses import dataclass
from pathlib import Path
from uuid import uuid4

from django import forms
from django.core.exceptions import ValidationError

from onewindow.accounts.models import ApplicantKind

from .choices import DeliveryMethod, MaterialCheck
from .models import Applicant
from .services.acceptance import ERR_NO_REASON
from .services.conclusion import ERR_TRACKING
from .services.review import ERR_NEED_OPINION, ERR_NEED_REASON

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Extension -> the first bytes a real file of that type starts with.
UPLOAD_MAGIC = {
    ".pdf": b"%PDF",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}
UPLOAD_ACCEPT = ".pdf,.jpg,.jpeg,.png"
SKIP = "SKIP"  # an optional material the applicant did not bring: it is not put on the case


def clean_upload(upload):
    """PDF, JPG or PNG up to 10 MB whose content matches its extension; stored under a
    random name so nothing of the original file name reaches the disk."""
    ext = Path(upload.name).suffix.lower()
    if ext not in UPLOAD_MAGIC:
        raise ValidationError("只接受 PDF、JPG、PNG 格式的文件")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("单个文件不能超过 10MB")
    head = upload.read(len(UPLOAD_MAGIC[ext]))
    upload.seek(0)
    if head != UPLOAD_MAGIC[ext]:
        raise ValidationError("文件内容与扩展名不符，请上传真实的 PDF、JPG 或 PNG 文件")
    upload.name = f"{uuid4().hex}{ext}"
    return upload


class UploadField(forms.FileField):
    widget = forms.FileInput(attrs={"accept": UPLOAD_ACCEPT})

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return clean_upload(upload) if upload else upload


class ApplicantSearchForm(forms.Form):
    """The applicant's ID number, or a case number (which opens the case)."""

    id_number = forms.CharField(label="证件号码或办件编号", max_length=32, min_length=15)

    def case_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        return value if value.count("-") == 2 else ""


class ApplicantForm(forms.Form):
    kind = forms.ChoiceField(label="申请人类型", choices=ApplicantKind.choices, initial="PERSON")
    name = forms.CharField(label="姓名/单位名称", max_length=100)
    id_number = forms.CharField(label="身份证号码/统一社会信用代码", max_length=18)
    phone = forms.CharField(label="联系电话", max_length=20)
    address = forms.CharField(label="联系地址", max_length=200, required=False)
    legal_representative = forms.CharField(label="法定代表人", max_length=50, required=False)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("id_number"):
            data["id_number"] = data["id_number"].strip().upper()
            problem = Applicant(kind=data["kind"], id_number=data["id_number"]).id_number_problem()
            if problem:
                self.add_error("id_number", f"证件号码无效：{problem}")
        return data


def _spec(item) -> dict:
    """A form field spec from Matter.form_fields (a dict) or a bundle's MergedField."""
    if isinstance(item, dict):
        return item
    return {"key": item.key, "label": item.label, "type": item.type,
            "required": item.required, "options": item.options}  # fmt: skip


def _input(spec: dict) -> forms.Field:
    kind, label, required = spec.get("type") or "text", spec.get("label") or spec["key"], bool(spec.get("required"))  # fmt: skip
    if kind == "select":
        choices = [("", "请选择"), *((str(o), str(o)) for o in spec.get("options") or [])]
        return forms.ChoiceField(label=label, required=required, choices=choices)
    widgets = {
        "textarea": forms.Textarea(attrs={"rows": 3}),
        "number": forms.NumberInput(attrs={"step": "any"}),
        "date": forms.DateInput(attrs={"type": "date"}),
        "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
        "idnumber": forms.TextInput(attrs={"maxlength": 18, "autocomplete": "off"}),
    }
    return forms.CharField(label=label, required=required, max_length=2000,
                           widget=widgets.get(kind, forms.TextInput()))  # fmt: skip


class CaseFieldsForm(forms.Form):
    """The application form of a matter or bundle, built from its field specs. Values are
    checked again by the service (formcheck.validate_form), whose reasons land on the fields."""

    prefix = "f"

    def __init__(self, specs, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in specs:
            spec = _spec(item)
            if spec.get("key"):
                self.fields[spec["key"]] = _input(spec)

    def form_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}

    def add_domain_errors(self, details) -> None:
        for key, message in (details or {}).items() if isinstance(details, dict) else ():
            self.add_error(key if key in self.fields else None, message)


@dataclass
class ChecklistItem:
    name: str
    required: bool = True
    is_core: bool = False
    notes: str = ""
    material_id: int | None = None
    file_url: str = ""  # an uploaded copy, for cases that came in online


class ChecklistForm(forms.Form):
    """The window's tick list: each material received, missing or not as required, with a note."""

    prefix = "m"

    def __init__(self, items: list[ChecklistItem], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for i, item in enumerate(items):
            choices = [c for c in MaterialCheck.choices if c[0] != MaterialCheck.PLEDGED]
            choices[0] = (MaterialCheck.PROVIDED, "已收")
            if not item.required:
                choices.append((SKIP, "未提交（非必需）"))
            self.fields[f"r{i}"] = forms.ChoiceField(
                label=item.name, choices=choices, widget=forms.RadioSelect,
                error_messages={"required": "请核验这项材料"},
            )  # fmt: skip
            self.fields[f"n{i}"] = forms.CharField(label="核验意见", max_length=200, required=False)

    def rows(self):
        return [(item, self[f"r{i}"], self[f"n{i}"]) for i, item in enumerate(self.items)]

    def clean(self):
        data = super().clean()
        for i in range(len(self.items)):
            if data.get(f"r{i}") == MaterialCheck.INVALID and not data.get(f"n{i}"):
                self.add_error(f"n{i}", "请写明不符合要求之处，以便申请人一次补正到位")
        return data

    def checks(self) -> list[dict]:
        out = []
        for i, item in enumerate(self.items):
            result = self.cleaned_data[f"r{i}"]
            if result != SKIP:
                note = self.cleaned_data.get(f"n{i}", "")
                out.append({"name": item.name, "material_id": item.material_id, "result": result, "note": note})  # fmt: skip
        return out

    def problems(self) -> list[dict]:
        """The items of a one-time supplement notice: every missing or invalid material."""
        return [
            {"name": c["name"], "problem": MaterialCheck(c["result"]).label + (f"：{c['note']}" if c["note"] else "")}
            for c in self.checks() if c["result"] != MaterialCheck.PROVIDED
        ]  # fmt: skip


class IntakeDecisionForm(forms.Form):
    ACTIONS = [("accept", "受理"), ("supplement", "一次性告知补正"), ("refuse", "不予受理"),
               ("immediate", "当场办结")]  # fmt: skip
    action = forms.ChoiceField(choices=ACTIONS)
    reason = forms.CharField(label="不予受理理由", required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("action") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", ERR_NO_REASON)
        return data


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryMethod.choices,
                               initial=DeliveryMethod.WINDOW, widget=forms.RadioSelect)  # fmt: skip
    address = forms.CharField(label="邮寄地址", max_length=200, required=False)
    tracking_number = forms.CharField(label="快递单号", max_length=40, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == DeliveryMethod.MAIL:
            if not data.get("tracking_number", "").strip():
                self.add_error("tracking_number", ERR_TRACKING)
            if not data.get("address", "").strip():
                self.add_error("address", "邮寄送达须填写邮寄地址")
        return data


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "同意"), ("deny", "不同意")])
    opinion = forms.CharField(label="审查意见", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("decision") == "deny" and not data.get("opinion", "").strip():
            self.add_error("opinion", ERR_NEED_OPINION)
        return data


class SuspendForm(forms.Form):
    reason = forms.CharField(label="特殊环节", max_length=100,
                             error_messages={"required": ERR_NEED_REASON},
                             widget=forms.TextInput(attrs={"placeholder": "如：现场核查、专家评审、听证"}))  # fmt: skip
    expected_workdays = forms.IntegerField(label="预计用时（工作日）", min_value=0, max_value=365, initial=5)  # fmt: skip


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=200, required=False)


class SupplementUploadForm(forms.Form):
    """The applicant's online supplement: one file for each item the notice named."""

    def __init__(self, items: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for i, item in enumerate(items):
            self.fields[f"s{i}"] = UploadField(label=item["name"], help_text=item.get("problem", ""))  # fmt: skip

    def materials(self) -> list[dict]:
        return [{"name": item["name"], "file": self.cleaned_data[f"s{i}"]} for i, item in enumerate(self.items)]  # fmt: skip


class SupplementReceiptForm(forms.Form):
    """A clerk takes the supplement on paper at the window: every item ticked as received."""

    def __init__(self, items: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for i, item in enumerate(items):
            self.fields[f"s{i}"] = forms.BooleanField(
                label=item["name"], help_text=item.get("problem", ""),
                error_messages={"required": "请收齐这项材料后再勾选"},
            )  # fmt: skip

    def materials(self) -> list[dict]:
        return [{"name": item["name"]} for item in self.items]


class MaterialUploadForm(forms.Form):
    """Online application: a file for each material; required ones must be there."""

    prefix = "u"

    def __init__(self, items: list[ChecklistItem], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for i, item in enumerate(items):
            self.fields[f"u{i}"] = UploadField(label=item.name, required=item.required,
                                               error_messages={"required": "请上传这项材料"})  # fmt: skip

    def rows(self):
        return [(item, self[f"u{i}"]) for i, item in enumerate(self.items)]

    def materials(self) -> list[dict]:
        return [
            {"name": item.name, "material_id": item.material_id, "file": self.cleaned_data[f"u{i}"]}
            for i, item in enumerate(self.items) if self.cleaned_data.get(f"u{i}")
        ]  # fmt: skip


class ProgressForm(forms.Form):
    number = forms.CharField(label="办件编号", max_length=32,
                             widget=forms.TextInput(attrs={"placeholder": "如 500199-20261121-00001"}))  # fmt: skip
    tail = forms.CharField(label="证件号码或手机号码后4位", min_length=4, max_length=4,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}))  # fmt: skip

    def clean_number(self):
        return self.cleaned_data["number"].strip()

    def clean_tail(self):
        return self.cleaned_data["tail"].strip().upper()
