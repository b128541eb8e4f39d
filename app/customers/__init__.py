"""Customers: the people and businesses we invoice."""
