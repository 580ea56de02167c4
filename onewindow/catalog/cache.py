"""The catalog as the hot paths read it (taking an application, accepting it), kept in
memory: a published matter by its code with its department and region, a service point
with its region and the matters it may accept, windows, a matter's co-departments.

Taking an application used to look all of this up again, one round trip each, and round
trips are the budget (DESIGN, "Where the time goes"); the catalog changes a few times a
day. How the entries stay right is in lib.memo: only committed rows are learnt, a save or
delete of any row they are built from (signals connected below, at import) clears them in
this process and publishes a new version for the others, which notice within
RECHECK_SECONDS with a shared Redis cache and within TTL_SECONDS without one.

Callers get their own shallow copy of a row, so that a prefetch or an attribute set on it
never reaches another request.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save

from onewindow.lib.memo import ProcessCache

from .choices import MatterStatus
from .models import Department, Matter, Region, ServicePoint, Window

TTL_SECONDS = 30.0
RECHECK_SECONDS = 1.0

entries = ProcessCache("catalog", ttl=TTL_SECONDS, recheck=RECHECK_SECONDS)


def _copy(row):
    """copy.copy(row) without the round trip through pickling's protocol (version stamp,
    __reduce__, __setstate__), which cost a quarter to half as much again: the same own state
    and related-object cache (Model.__getstate__), the same row."""
    if row is None:
        return None
    clone = row.__class__.__new__(row.__class__)
    clone.__dict__.update(row.__getstate__())
    return clone


def published_matter(code: str) -> Matter | None:
    """The current published version of the matter with this code, department and region
    loaded."""

    def load():
        return (
            Matter.objects.select_related("department__region")
            .filter(code=code, is_current=True, status=MatterStatus.PUBLISHED)
            .first()
        )

    return _copy(entries.get(("matter", code), load))


def co_departments(matter_id: int) -> list[Department]:
    """The departments that review a matter (this version) alongside its own department."""

    def load():
        return tuple(Department.objects.filter(co_reviewed_matters=matter_id))

    return [_copy(d) for d in entries.get(("co-departments", matter_id), load)]


def service_point(*, code: str | None = None, pk: int | None = None) -> ServicePoint | None:
    """A service point by its code or id, with its region."""
    lookup = {"code": code} if code is not None else {"pk": pk}

    def load():
        return ServicePoint.objects.select_related("region").filter(**lookup).first()

    return _copy(entries.get(("point", *lookup.items()), load))


def may_accept(point: ServicePoint, matter: Matter) -> bool:
    """ServicePoint.may_accept without its query: the codes a point is entrusted with are
    known per point."""
    if point.accepts_all_matters:
        return True

    def load():
        return frozenset(point.matters.values_list("code", flat=True))

    return matter.code in entries.get(("point-matters", point.pk), load)


def window(*, pk: int | None = None, point_id: int | None = None, number: str | None = None):
    """A window by its id, or by its service point and number."""
    lookup = {"pk": pk} if pk is not None else {"service_point_id": point_id, "number": number}

    def load():
        return Window.objects.filter(**lookup).first()

    return _copy(entries.get(("window", *lookup.items()), load))


# How each catalog model is read by primary key (with the rows its callers go on to need).
_BY_PK = {
    Matter: lambda: Matter.objects.select_related("department__region"),
    Department: lambda: Department.objects.select_related("region"),
    Region: lambda: Region.objects.all(),
    ServicePoint: lambda: ServicePoint.objects.select_related("region"),
    Window: lambda: Window.objects.all(),
}


def by_pk(model, pk: int):
    """A catalog row by its primary key (a matter of any version, a department, a region, a
    service point, a window)."""

    def load():
        return _BY_PK[model]().filter(pk=pk).first()

    return _copy(entries.get((model.__name__, pk), load))


def attach(row, *names: str) -> None:
    """Sets the catalog rows `row` refers to through the foreign keys `names` from memory,
    instead of a join or a query each (a row not found is left to load as usual)."""
    for name in names:
        field = row._meta.get_field(name)
        pk = getattr(row, field.attname)
        if pk is not None and not field.is_cached(row):
            found = by_pk(field.related_model, pk)
            if found is not None:
                field.set_cached_value(row, found)


def _changed(sender, **kwargs):
    entries.changed()


for _model in (Matter, Department, Region, ServicePoint, Window):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"catalog-cache-save-{_model.__name__}")
    post_delete.connect(
        _changed, sender=_model, dispatch_uid=f"catalog-cache-del-{_model.__name__}"
    )
for _through in (Matter.co_departments.through, ServicePoint.matters.through):
    m2m_changed.connect(_changed, sender=_through, dispatch_uid=f"catalog-cache-m2m-{_through}")
