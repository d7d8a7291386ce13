"""Catalog: teams, services and tags, the managed lists that reviews pick from."""
