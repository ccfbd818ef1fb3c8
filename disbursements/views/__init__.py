"""Pages of contracts and disbursements, split by subject: ``contracts`` (the contract, self-funding,
termination, the ledger and follow-ups), ``payments`` (instalments and their releases, progress reports),
``changes`` (plan changes) and ``office`` (the programme office's dashboard and edition ledgers)."""
