from .agency import AgencyRequest, Authorisation, Runner
from .outlets import CrossTownMatter, CrossTownRouting, OutletMatter
from .transfer import Partner, PlatformKey, TransferIn, TransferOut, TransferUpdate

__all__ = [
    "AgencyRequest",
    "Authorisation",
    "CrossTownMatter",
    "CrossTownRouting",
    "OutletMatter",
    "Partner",
    "PlatformKey",
    "Runner",
    "TransferIn",
    "TransferOut",
    "TransferUpdate",
]
