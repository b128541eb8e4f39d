"""Settings > Audit trail: every admin action and sign-in, read-only."""
