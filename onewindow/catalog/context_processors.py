from django.core.cache import cache

from . import selectors

DISTRICT_NAME_SECONDS = 300


def district(request):
    """The district's name for the header and footer of every page (cached: it rarely changes)."""
    return {
        "district_name": cache.get_or_set(
            "onewindow:district_name", selectors.district_name, DISTRICT_NAME_SECONDS
        )
    }
