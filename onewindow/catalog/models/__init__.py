from .bundles import Bundle, BundleItem, IndustryLicense
from .calendar import CalendarYear, HolidayDay
from .matters import Material, Matter, MatterQuerySet, MatterStep
from .places import Department, Region, Section, ServicePoint, Theme, Window

__all__ = [
    "Bundle",
    "BundleItem",
    "CalendarYear",
    "Department",
    "HolidayDay",
    "IndustryLicense",
    "Material",
    "Matter",
    "MatterQuerySet",
    "MatterStep",
    "Region",
    "Section",
    "ServicePoint",
    "Theme",
    "Window",
]
