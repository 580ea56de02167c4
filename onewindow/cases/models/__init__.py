from .applicants import Applicant
from .cases import Case, CaseCounter, CaseMaterial, Delivery, Notice
from .reviews import Review, Suspension

__all__ = [
    "Applicant",
    "Case",
    "CaseCounter",
    "CaseMaterial",
    "Delivery",
    "Notice",
    "Review",
    "Suspension",
]
