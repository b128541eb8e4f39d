"""Settings > Accounts Integration: connecting a company to an accounts package."""
