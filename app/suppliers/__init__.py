"""Suppliers: the businesses who invoice us."""
