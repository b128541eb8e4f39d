"""Our UK VAT codes find their match among each package's rates without mapping."""

from decimal import Decimal

import pytest

from app.models import TaxCode
from app.providers.base import RemoteTaxCode
from app.sync.codes import match_tax
from sandbox.quickbooks.seed import VAT_CODES
from sandbox.xero.seed_data import TAX_RATES

XERO = [
    RemoteTaxCode(kind, name, kind, Decimal(rate), status == "ACTIVE",
                  applies != "purchases")
    for kind, name, rate, _report, applies, status in TAX_RATES
]  # fmt: skip
QUICKBOOKS = [
    RemoteTaxCode(str(n), name, name, Decimal(rate), True, True, description)
    for n, (name, description, rate, _special) in enumerate(VAT_CODES)
]


def ours(name, code, rate):
    return TaxCode(name=name, code=code, rate=Decimal(rate))


@pytest.mark.parametrize(
    ("name", "code", "rate", "xero", "quickbooks"),
    [
        ("Standard 20%", "T1", "20", "OUTPUT2", "20.0% S"),
        ("Reduced 5%", "T5", "5", "RROUTPUT", "5.0% R"),
        ("Zero rated", "T0", "0", "ZERORATEDOUTPUT", "0.0% Z"),
        ("Exempt", "T2", "0", "EXEMPTOUTPUT", "Exempt"),
        ("No VAT", "T9", "0", "NONE", "No VAT"),
    ],
)
def test_uk_codes_match_by_rate_and_telling_words(name, code, rate, xero, quickbooks):
    assert match_tax(ours(name, code, rate), XERO, {}).code == xero
    assert match_tax(ours(name, code, rate), QUICKBOOKS, {}).code == quickbooks


def test_a_mapping_wins_and_an_unknown_mapping_matches_nothing():
    local = ours("Standard 20%", "T1", "20")
    assert match_tax(local, XERO, {"T1": "20% (VAT on Capital Purchases)"}).code == (
        "CAPEXINPUT2"
    )
    assert match_tax(local, XERO, {"T1": "Nothing like it"}) is None


def test_an_ambiguous_rate_is_left_for_a_person():
    assert match_tax(ours("Special 0%", "Z9", "0"), XERO, {}) is None
    assert match_tax(ours("Odd 12%", "T7", "12"), XERO, {}) is None
