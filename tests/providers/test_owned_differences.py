"""What differs between packages lives on the provider: the sync and the
integration name none, so a third package touches no file under them."""

import ast
import pathlib
import re

from app.providers.registry import CLIENTS
from app.sync.catalogue import ENTRIES

ROOT = pathlib.Path(__file__).resolve().parents[2] / "app"
NEUTRAL = ("sync", "integrations")
# The catalogue is our words for each failure: where only one package gives a
# failure, the words name it ("Nominal code archived in Xero") for the reader.
OUR_WORDS = ROOT / "sync" / "catalogue"
NAMES = re.compile(r"xero|quickbooks|qbo|intuit|realm|tenant", re.I)


def docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
            if node.body and isinstance(node.body[0], ast.Expr):
                yield node.body[0].value


def provider_words(path):
    """(line, text) of every name, attribute or string that names a package;
    docstrings and comments may give an example."""
    tree = ast.parse(path.read_text())
    skip = {id(node) for node in docstrings(tree)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.Name):
            text = node.id
        elif isinstance(node, ast.Attribute):
            text = node.attr
        elif isinstance(node, ast.alias):
            text = node.name
        elif isinstance(node, ast.ImportFrom):
            text = node.module or ""
        else:
            continue
        if NAMES.search(text):
            yield node.lineno if hasattr(node, "lineno") else 0, text


def test_the_sync_and_the_integration_name_no_package():
    found = []
    for area in NEUTRAL:
        for path in sorted((ROOT / area).rglob("*.py")):
            if OUR_WORDS in path.parents:
                continue
            where = str(path.relative_to(ROOT))
            found += [(where, *hit) for hit in provider_words(path)]
    assert found == []


def test_the_catalogue_knows_no_package_but_in_its_words():
    for path in OUR_WORDS.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Name | ast.Attribute | ast.alias):
                name = getattr(node, "id", None) or getattr(node, "attr", None)
                assert not NAMES.search(name or getattr(node, "name", "")), path


def test_every_package_answers_what_differs():
    for name, client in CLIENTS.items():
        assert client.name == name and client.label
        assert client.batch_size > 0 and client.minute_limit > 0
        assert client.scopes and client.remote_id_label
        assert client.record_faults, name  # its words for a refused record
        for code in client.reports():
            assert code in ENTRIES, (name, code)
