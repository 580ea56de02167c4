"""Writes of the ratings app. Other apps call `rating_submit` to rate their own subjects."""

from .appeals import appeal_file, appeal_review
from .rating import case_rating_channel, qr_token, rating_submit
from .rectification import (
    rectification_rectify,
    rectification_revisit,
    rectification_verify,
    rectifications_escalate_overdue,
)
from .reviews import (
    action_complete,
    ballot_cast,
    campaign_close,
    campaign_create,
    campaign_open,
    campaign_publish,
    invitation_open_mint,
    invitations_issue_directed,
    invitations_issue_sample,
    undercover_check_log,
)

__all__ = [
    "action_complete",
    "appeal_file",
    "appeal_review",
    "ballot_cast",
    "campaign_close",
    "campaign_create",
    "campaign_open",
    "campaign_publish",
    "case_rating_channel",
    "invitation_open_mint",
    "invitations_issue_directed",
    "invitations_issue_sample",
    "qr_token",
    "rating_submit",
    "rectification_rectify",
    "rectification_revisit",
    "rectification_verify",
    "rectifications_escalate_overdue",
    "undercover_check_log",
]
