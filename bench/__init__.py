"""Benchmarks that print figures and ratios (never run as tests)."""
