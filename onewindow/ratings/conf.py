"""The configurable parts of ratings and section reviews, read from Django settings (each
with the default of the issue). Read at call time, so tests can override them."""

from dataclasses import dataclass

from django.conf import settings


def verify_workdays() -> int:
    """Working days to verify a bad rating (核实)."""
    return getattr(settings, "RATINGS_VERIFY_WORKDAYS", 1)


def rectify_workdays() -> int:
    """Working days to fix or explain a bad rating (整改)."""
    return getattr(settings, "RATINGS_RECTIFY_WORKDAYS", 5)


def device_recent_minutes() -> int:
    """How long after delivery the window's rating device still offers the case."""
    return getattr(settings, "RATINGS_DEVICE_RECENT_MINUTES", 60)


@dataclass(frozen=True)
class ConsequenceRules:
    """最难办事科室 consequences. Places count from the worst (1)."""

    published_worst: int = 10  # published with their problems, heads warned
    no_promotion_months: int = 3  # heads of the published sections not promoted for this long
    talk_worst: int = 3  # formal talk with the head (约谈)
    head_removed_streak: int = 2  # among the `talk_worst` this many campaigns in a row
    leader_removed_streak: int = 3  # … and the supervising leader after this many
    example_min_chars: int = 10  # a ballot's example must say at least this much


def consequence_rules() -> ConsequenceRules:
    return ConsequenceRules(**getattr(settings, "RATINGS_SECTION_RULES", {}))
