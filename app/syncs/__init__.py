"""Syncs: start one from Save & Sync, watch it in the top bar, cancel it."""
