"""The query's property tables are Intuit's XSDs, spelled exactly."""

import pytest

from sandbox.quickbooks import query_fields
from tests.sandbox import qbo_fields

pytestmark = pytest.mark.skipif(
    not qbo_fields.available(), reason="Intuit XSDs not next to the repository"
)


def decoded(fields):
    """{name: object type or None} as the XSD gives it, for the types we table."""
    objects = query_fields.TYPES
    return {name: kind if kind in objects else None for name, kind in fields.items()}


@pytest.mark.parametrize("entity", sorted(query_fields.ENTITIES))
def test_entity_properties_match_the_xsd(entity):
    assert query_fields.ENTITIES[entity] == decoded(qbo_fields.fields(entity))


@pytest.mark.parametrize("kind", sorted(query_fields.TYPES))
def test_object_types_match_the_xsd(kind):
    assert query_fields.TYPES[kind] == decoded(qbo_fields.fields(kind))
