"""Blameless language: find blameful or counterfactual wording and suggest rewrites.

Advice only; see README.md in this package for every rule with examples.
"""
