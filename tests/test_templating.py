"""Template helpers that every page leans on."""

from __future__ import annotations

from flask import Flask, render_template_string

from app.incidents.enums import Severity


def test_severities_carry_the_organisations_own_names_when_configured(app: Flask) -> None:
    app.config["SEVERITY_LABELS"] = "SEV1=Critical, SEV2 = Major ,SEV9=Unused"
    with app.test_request_context():
        shown = [render_template_string("{{ s|severity }}", s=s) for s in Severity]

    assert shown[:3] == ["SEV1 · Critical", "SEV2 · Major", "SEV3"]


def test_severities_are_plain_without_labels(app: Flask) -> None:
    app.config["SEVERITY_LABELS"] = ""
    with app.test_request_context():
        assert render_template_string("{{ 'SEV2'|severity }}") == "SEV2"
