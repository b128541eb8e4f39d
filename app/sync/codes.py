"""Which of the package's tax codes and accounts each of our codes stands for."""

import json
import re
from dataclasses import dataclass, field

from app.extensions import db
from app.models import NominalCode, TaxCode
from app.sync import links

WORDS = re.compile(r"[a-z]+")
# Words that tell apart rates with the same percentage (zero, exempt, no VAT).
TELLING = {"zero", "exempt", "no", "none", "standard", "reduced", "outside", "vat"}


def normal(text):
    return " ".join((text or "").casefold().split())


@dataclass
class CodeMap:
    """Our tax and nominal codes resolved against the package's lists, for one run."""

    provider: str = ""
    taxes: dict = field(default_factory=dict)  # TaxCode.id -> RemoteTaxCode or None
    accounts: dict = field(default_factory=dict)  # code -> RemoteAccount (active too)
    remote_taxes: list = field(default_factory=list)
    remote_accounts: list = field(default_factory=list)

    def tax(self, tax_code_id):
        """The active remote tax code for ours, or None."""
        remote = self.taxes.get(tax_code_id)
        return remote if remote is not None and remote.active else None

    def account(self, code):
        remote = self.accounts.get(code)
        return remote if remote is not None and remote.active else None

    def bank_account(self, preferred=None):
        """The account payments go to: the chosen one, else the first bank account."""
        if preferred and self.account(preferred) is not None:
            return preferred
        banks = sorted(
            a.code for a in self.remote_accounts if a.type == "bank" and a.active
        )
        return banks[0] if banks else None


def match_tax(local, remotes, mapping):
    """The remote tax code ours stands for: mapped, same code or name, or same rate."""
    wanted = normal(mapping.get(local.code, ""))
    if wanted:
        return next(
            (r for r in remotes if wanted in (normal(r.code), normal(r.name))), None
        )
    for remote in remotes:
        if normal(local.code) == normal(remote.code) or normal(local.name) == normal(
            remote.name
        ):
            return remote
    same_rate = [r for r in remotes if r.active and r.sales and r.rate == local.rate]
    if len(same_rate) == 1:
        return same_rate[0]
    return closest(local.name, same_rate)


def closest(name, candidates):
    """The candidate whose name shares most words with ours and adds fewest."""
    ours = set(WORDS.findall(name.casefold()))
    scored = []
    for remote in candidates:
        text = f"{remote.name} {remote.description}".casefold()
        theirs = set(WORDS.findall(text))
        shared = ours & theirs
        if shared & TELLING:
            scored.append((len(shared) - len(theirs - ours), remote))
    scored.sort(key=lambda pair: -pair[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def build(company_id, options, provider):
    """Read the package's codes (2-3 calls) and resolve every one of ours."""
    found = CodeMap(
        provider=provider.name,
        remote_taxes=provider.tax_codes(),
        remote_accounts=provider.nominal_codes(),
    )
    resolve(found, company_id, options)
    return found


def resolve(found, company_id, options):
    """Link first (set by an earlier pull), then the mapping and the matching rules."""
    mapping = json.loads(options.tax_code_map or "{}")
    found.accounts = {a.code: a for a in found.remote_accounts}
    by_id = {r.remote_id: r for r in found.remote_taxes}
    linked = links.remote_ids(company_id, options_provider(found), "tax_code")
    found.taxes = {}
    for local in db.session.scalars(TaxCode.for_company(company_id)):
        remote = by_id.get(linked.get(local.id)) if local.code not in mapping else None
        if remote is None and local.source in ("local", found.provider):
            remote = match_tax(local, found.remote_taxes, mapping)
        # Another package's rate stands for none of this one's unless linked to it.
        found.taxes[local.id] = remote
    return found


def follow_package(found, company_id):
    """After a pull: this package's codes live again where it holds them, and every
    tax code says where the package lets it be used (sales, purchases)."""
    taxes = {
        code.id: code for code in db.session.scalars(TaxCode.for_company(company_id))
    }
    for local_id, remote in found.taxes.items():
        local = taxes.get(local_id)
        if local is None or remote is None:
            continue
        local.sales, local.purchases = remote.sales, remote.purchases
        if local.source == found.provider and remote.active:
            local.active = True
    for code, local in local_nominal_codes(company_id).items():
        remote = found.accounts.get(code)
        if local.source == found.provider and remote is not None and remote.active:
            local.active = True


def refused_rate(found, document, use="sales"):
    """The first line's tax code the package will refuse on this kind of document."""
    for line in document.lines:
        remote = found.tax(line.tax_code_id)
        if remote is not None and not getattr(remote, use, True):
            return line.tax_code
    return None


def options_provider(found):
    return found.provider


def local_nominal_codes(company_id):
    return {
        code.code: code
        for code in db.session.scalars(NominalCode.for_company(company_id))
    }
