"""Writes of the supervision app: each `<entity>_<verb>(*, ..., actor)` runs in one
transaction with its audit row."""

from .accountability import (
    accountability_backfill,
    accountability_close,
    accountability_explain,
    accountability_sweep,
)
from .assessment import (
    assessment_action_done,
    assessment_compute,
    award_grant,
    awards_grant_proposed,
    deduction_record,
    deduction_void,
    month_start,
)
from .patrols import patrol_finding_add, patrol_log_open

__all__ = [
    "accountability_backfill",
    "accountability_close",
    "accountability_explain",
    "accountability_sweep",
    "assessment_action_done",
    "assessment_compute",
    "award_grant",
    "awards_grant_proposed",
    "deduction_record",
    "deduction_void",
    "month_start",
    "patrol_finding_add",
    "patrol_log_open",
]
