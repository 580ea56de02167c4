from ninja import Field
from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Page numbers with a ceiling: an absurd page is a 422, not an OFFSET the database
    cannot hold (a 500)."""

    class Input(PageNumberPagination.Input):
        page: int = Field(1, ge=1, le=100_000)
