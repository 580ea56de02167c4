from .ratings import Appeal, Rating, RatingDevice, Rectification
from .reviews import (
    BallotInvitation,
    ConsequenceAction,
    ReviewCampaign,
    SectionBallot,
    SectionLeadership,
    SectionRank,
    UndercoverCheck,
)

__all__ = [
    "Appeal",
    "BallotInvitation",
    "ConsequenceAction",
    "Rating",
    "RatingDevice",
    "Rectification",
    "ReviewCampaign",
    "SectionBallot",
    "SectionLeadership",
    "SectionRank",
    "UndercoverCheck",
]
