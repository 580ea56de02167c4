from .demands import Demand, DemandRating, DemandService
from .projects import Milestone, MilestoneTemplate, ProjectCard, ProjectMember

__all__ = [
    "Demand",
    "DemandRating",
    "DemandService",
    "Milestone",
    "MilestoneTemplate",
    "ProjectCard",
    "ProjectMember",
]
