from django import template
from django.urls import reverse
from django.utils.http import urlencode

register = template.Library()


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def get(mapping: dict, key):
    value = mapping.get(key)
    return "—" if value is None else value


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@register.simple_tag
def drill_url(query: dict, measure: str, dimension: str, key) -> str:
    """The drill-down list of one cell: the page's filters, narrowed to the row."""
    params = dict(query, measure=measure)
    params[{"matter": "matter"}.get(dimension, dimension)] = key if key is not None else ""
    return reverse("stats:cases") + "?" + urlencode({k: v for k, v in params.items() if v != ""})
