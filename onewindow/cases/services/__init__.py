"""Writes to cases. Each function runs in one transaction, checks the state machine
(transitions.py), changes the rows and writes its audit event."""

from .acceptance import (
    case_accept,
    case_complete_supplement,
    case_pre_review,
    case_refuse,
    case_request_supplement,
)
from .conclusion import case_close, case_deliver, case_handle_immediately, case_withdraw
from .intake import applicant_register, case_submit
from .review import case_resume, case_suspend, review_decide

__all__ = [
    "applicant_register",
    "case_accept",
    "case_close",
    "case_complete_supplement",
    "case_deliver",
    "case_handle_immediately",
    "case_pre_review",
    "case_refuse",
    "case_request_supplement",
    "case_resume",
    "case_submit",
    "case_suspend",
    "case_withdraw",
    "review_decide",
]
