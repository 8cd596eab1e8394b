"""Shared code for the civcas-notebooks collection: loading, validation, checks, charts and the runner.

Notebooks import from here so that no two notebooks carry the same logic.
"""
