from .demands import Demand, DemandCounter, DemandRating, DemandService
from .projects import Milestone, MilestoneTemplate, ProjectCard, ProjectMember

__all__ = [
    "Demand",
    "DemandCounter",
    "DemandRating",
    "DemandService",
    "Milestone",
    "MilestoneTemplate",
    "ProjectCard",
    "ProjectMember",
]
