"""The sandboxes start with the demo company's ledger, copied so the sandbox need
not import the product: the two copies must not drift apart."""

from app import demo
from sandbox import ledger


def test_the_sandbox_ledger_is_the_demo_companys():
    assert ledger.NOMINAL_CODES == demo.NOMINAL_CODES
    assert ledger.FIRST == demo.FIRST
    assert ledger.SECOND == demo.SECOND
    assert ledger.SERVICES == demo.SERVICES
