"""Settings > Sync History: every run, its items, retries and Don't send."""
