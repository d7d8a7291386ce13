"""Addresses for every rule in the URL map, filled in with sample values."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Flask
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

SAMPLES = {"ref": "INC-0001", "kind": "team", "filename": "app.js"}
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def sample_path(app: Flask, rule: Rule, method: str) -> str:
    """Build a path that `rule` matches, with plausible values for its arguments."""
    values: dict[str, object] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, IntegerConverter):
            values[name] = 1
        else:
            values[name] = SAMPLES.get(name, "sample")
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, values, method=method)


def rules(app: Flask, methods: set[str]) -> Iterator[tuple[Rule, str]]:
    """Yield each rule with each of `methods` it answers, in a stable order."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(methods & (rule.methods or set())):
            yield rule, method
