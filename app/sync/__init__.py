"""Keeping the company in step with its accounts package: plan, run, errors."""
