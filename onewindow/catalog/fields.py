from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class MultiChoiceField(models.CharField):
    """A set of choice values stored as "A,B,C" so that `field__contains="A"` filters
    on SQLite and PostgreSQL alike (JSON containment does not work on SQLite).
    The values of one field must not be substrings of one another."""

    def __init__(self, *args, multi_choices=(), **kwargs):
        self.multi_choices = list(multi_choices)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["multi_choices"] = self.multi_choices
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [v for v in value.split(",") if v]
        return list(value)

    def get_prep_value(self, value):
        # A plain string is a lookup argument (levels__contains="COUNTY"): pass it through.
        if isinstance(value, str):
            return value
        return ",".join(value or [])

    def validate(self, value, model_instance):
        allowed = {v for v, _ in self.multi_choices}
        bad = [v for v in value if v not in allowed]
        if bad:
            raise ValidationError(f"无效的取值：{', '.join(bad)}")
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.multi_choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def labels(self, values) -> list[str]:
        lookup = dict(self.multi_choices)
        return [str(lookup.get(v, v)) for v in values]
