"""Field names the official QuickBooks Online XSDs define, for checking JSON.

The JSON API uses the XSD element and attribute names as keys; a simpleContent
type (ReferenceType) becomes {"value": ..., <attributes>}. Parsed once, read-only,
from ../shared/specs/quickbooks next to the repository.
"""

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SPECS = REPO.parent / "shared" / "specs" / "quickbooks"
XS = "{http://www.w3.org/2001/XMLSchema}"
FILES = (
    "IntuitBaseTypes.xsd",
    "IntuitNamesTypes.xsd",
    "Finance.xsd",
    "SalesTax.xsd",
    "Report.xsd",
    "IntuitRestServiceDef.xsd",
)


def available():
    return all((SPECS / name).exists() for name in FILES)


def local(name):
    return name.split(":")[-1] if name else name


@functools.cache
def schema():
    """(complex types, global elements, substitution groups) from all the XSDs."""
    types, elements, groups = {}, {}, {}
    for name in FILES:
        root = ET.parse(SPECS / name).getroot()  # noqa: S314 - Intuit's own files
        for node in root.findall(f"{XS}complexType"):
            types[node.get("name")] = node
        for node in root.findall(f"{XS}element"):
            elements[node.get("name")] = local(node.get("type"))
            head = local(node.get("substitutionGroup"))
            if head:
                groups.setdefault(head, []).append(node.get("name"))
    return types, elements, groups


@functools.cache
def fields(type_name):
    """{key: type name or None} a JSON object of this XSD type may carry."""
    types, elements, groups = schema()
    node = types.get(type_name)
    if node is None:
        return None  # a simple type: no keys of its own
    found = {}
    for ext in node.iter(f"{XS}extension"):
        base = local(ext.get("base"))
        parent = fields(base) if base in types else None
        if parent:
            found.update(parent)
        if node.find(f"{XS}simpleContent") is not None:
            found["value"] = base
    for element in node.iter(f"{XS}element"):
        if element.get("ref"):
            ref = local(element.get("ref"))
            for member in [ref, *members(ref, groups)]:
                found[member] = elements.get(member)
        else:
            found[element.get("name")] = local(element.get("type"))
    for attribute in node.iter(f"{XS}attribute"):
        found[attribute.get("name")] = local(attribute.get("type"))
    return found


@functools.cache
def enums():
    """{simple type name: allowed values} for the XSD enumerations."""
    found = {}
    for name in FILES:
        root = ET.parse(SPECS / name).getroot()  # noqa: S314 - Intuit's own files
        for node in root.iter(f"{XS}simpleType"):
            values = [e.get("value") for e in node.iter(f"{XS}enumeration")]
            if node.get("name") and values:
                found[node.get("name")] = set(values)
    return found


def members(head, groups):
    out = []
    for member in groups.get(head, []):
        out += [member, *members(member, groups)]
    return out


def unknown_keys(value, type_name, path=""):
    """Every key the XSD type does not define, and every value outside its enum."""
    if isinstance(value, list):
        return [bad for item in value for bad in unknown_keys(item, type_name, path)]
    if not isinstance(value, dict):
        allowed_values = enums().get(type_name)
        if allowed_values and isinstance(value, str) and value not in allowed_values:
            return [f"{path.rstrip('.')}={value!r} (not in {type_name})"]
        return []
    allowed = fields(type_name)
    if allowed is None:
        return [f"{path or '<root>'} (object where {type_name} is simple)"]
    bad = []
    for key, item in value.items():
        if key not in allowed:
            bad.append(f"{path}{key}")
        elif allowed[key]:
            bad += unknown_keys(item, allowed[key], f"{path}{key}.")
    return bad


def entity_fields(entity):
    """The flat field names of one entity type (for lists like qbo_fields.txt)."""
    _, elements, _ = schema()
    return set(fields(elements.get(entity, entity)) or ())
