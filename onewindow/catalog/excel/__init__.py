"""Excel import and export of the implementation list (实施清单).

One workbook holds the whole catalog: 「事项」, 「申请材料」, 「办理环节」, 「一件事」 and
「一业一证」, plus a 「填写说明」 sheet. Exporting and re-importing a workbook changes
nothing; an import with any bad row is rejected as a whole with a row-by-row report.
"""

from .export import build_workbook, export_catalog, write_catalog
from .importer import ImportSummary, import_catalog
from .reading import CatalogImportError, RowError

__all__ = [
    "CatalogImportError",
    "ImportSummary",
    "RowError",
    "build_workbook",
    "export_catalog",
    "import_catalog",
    "write_catalog",
]
