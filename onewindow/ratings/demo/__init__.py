"""Demo data of ratings: a year of 好差评 over the demo history's delivered cases, bad ones
with rectifications in every state, and section-review campaigns with their consequences."""

from .campaigns import load_campaigns
from .ratings import load_ratings

__all__ = ["load_campaigns", "load_ratings"]
