from .accountability import Accountability
from .assessment import (
    Assessment,
    AssessmentAction,
    AssessmentPolicy,
    Award,
    Deduction,
    DeductionItem,
)
from .patrols import PatrolFinding, PatrolLog

__all__ = [
    "Accountability",
    "Assessment",
    "AssessmentAction",
    "AssessmentPolicy",
    "Award",
    "Deduction",
    "DeductionItem",
    "PatrolFinding",
    "PatrolLog",
]
