"""An answer schema filled straight from a model instance, for the answers a busy
endpoint gives on every request.

django-ninja validates every answer: it wraps the object in a DjangoGetter and pydantic
asks that for each field, nested schemas included, in Python, on every request; for a
case's detail that was a fifth of the CPU a submission costs. A view that returns an
instance of its response schema is only serialised. `build()` makes that instance the way
ninja reads an object (the schema's resolvers first, else the attribute; managers and
querysets listed, callables called, files as their URL), without validating it.

So use it only where every value comes from model fields and resolvers of the declared
types, and keep a test that compares its answer with ninja's validated one
(cases/tests/test_api_answers.py does for the case detail)."""

import functools
import types
import typing
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Manager, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.encoding import force_str
from ninja import Schema

# Values ninja would pass through unchanged; most of an answer, so they skip the checks.
PLAIN = frozenset({str, int, float, bool, type(None), datetime, date, Decimal, dict, list})


def build(schema: type[Schema], obj, context=None) -> Schema:
    """`schema` filled from `obj` (an instance of it, unvalidated). `context` reaches the
    resolvers that ask for it, as ninja's validation context does."""
    return _filler(schema)(obj, context)


def label(obj, name: str) -> str:
    """`obj.get_<name>_display()`, without building the field's dict of choices again on
    every call as Django does (about 4.5 us a label, against 0.3 us here)."""
    value = getattr(obj, name)
    return force_str(_labels(type(obj), name).get(value, value), strings_only=True)


@functools.cache
def _labels(model, name: str) -> dict:
    return dict(model._meta.get_field(name).flatchoices)


def _plain(value):
    """What ninja's DjangoGetter makes of an attribute before validation."""
    if type(value) in PLAIN:
        return value
    if isinstance(value, Manager):
        return list(value.all())
    if isinstance(value, QuerySet):
        return list(value)
    if callable(value):
        return value()
    if isinstance(value, FieldFile):
        return value.url if value else None
    return value


@functools.cache
def _filler(schema: type[Schema]):
    steps = []  # (field name, its resolver or None, whether it takes the context, nested)
    for name, field in schema.model_fields.items():
        if field.alias not in (None, name) or field.validation_alias not in (None, name):
            raise TypeError(f"{schema.__name__}.{name}: aliased fields are not supported")
        resolver = schema._ninja_resolvers.get(name)
        func, takes_context = (
            (resolver._func, resolver._takes_context) if resolver else (None, False)
        )
        steps.append(
            (name, func, takes_context, _nested(field.annotation, f"{schema.__name__}.{name}"))
        )
    construct = schema.model_construct

    def fill(obj, context):
        values = {}
        for name, func, takes_context, nested in steps:
            if func is None:
                value = getattr(obj, name)
            else:
                value = func(obj, context=context) if takes_context else func(obj)
            value = _plain(value)
            if nested is not None and value is not None:
                value = nested(value, context)
            values[name] = value
        return construct(**values)

    return fill


def _nested(annotation, where: str):
    """How to fill a field whose type holds schemas (a schema, optional or in a list);
    None for plain values, which are taken as they are."""
    if isinstance(annotation, type):
        return _filler(annotation) if issubclass(annotation, Schema) else None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [_nested(a, where) for a in args if a is not type(None)]
        if all(i is None for i in inner):
            return None
        if len(inner) == 1:
            return inner[0]  # `X | None`: None is kept as it is by the caller
        raise TypeError(f"{where}: a union of schemas is not supported")
    if origin is list:
        item = _nested(args[0], where) if args else None
        if item is None:
            return None
        return lambda values, context: [item(v, context) for v in values]
    if any(_nested(a, where) for a in args):
        raise TypeError(f"{where}: schemas inside {annotation} are not supported")
    return None
