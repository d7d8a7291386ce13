"""The digest as PDF, through WeasyPrint, with the exports' URL fetcher.

That fetcher (app/exports/pdf.py) refuses file:// and every other host; the digest needs no
more than the data: images its charts are inlined as.
"""

from __future__ import annotations

from pathlib import Path

from flask import render_template

from app.digests.content import DigestContent
from app.digests.present import Presenter
from app.exports.pdf import fetcher

STYLESHEET = Path(__file__).resolve().parent.parent / "insights" / "static" / "reports.css"


def render_pdf(content: DigestContent, base_url: str) -> bytes:
    """Return the digest as a PDF document with absolute links back to Hindsight."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_template(
        "digests/pdf.html",
        c=content,
        fmt=Presenter(content.tz_name, base_url),
        chart_src=lambda chart: chart.data_uri,
        stylesheet=STYLESHEET.read_text(encoding="utf-8"),
    )
    return HTML(string=html, base_url=base_url + "/", url_fetcher=fetcher()).write_pdf()
