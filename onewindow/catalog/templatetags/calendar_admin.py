from django import template

from onewindow.catalog.calendar import missing_years

register = template.Library()


@register.simple_tag
def calendar_missing_years() -> list[int]:
    """This year and next, when their official holiday schedule is not loaded."""
    return missing_years()
