"""Tests of CSV imports: flows, files, and random input."""
