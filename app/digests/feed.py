"""The digest as an Atom 1.0 feed: one entry per week, as the reader may see it."""

from __future__ import annotations

import datetime as dt
from xml.etree import ElementTree as ET

from flask import render_template

from app.accounts.models import User
from app.digests import reviews
from app.digests.present import Presenter
from app.digests.weeks import IsoWeek

ATOM = "http://www.w3.org/2005/Atom"
WEEKS = 12


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def build(*, viewer: User, latest: IsoWeek, tz_name: str, base_url: str, self_url: str) -> bytes:
    """Return the feed of the `WEEKS` weeks up to `latest`, newest first, as UTF-8 XML."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", f"{base_url}/digests/feed.atom")
    _text(feed, "title", "Hindsight: weekly learning digest")
    _text(feed, "subtitle", "Blameless incident reviews published each week, and what we learned.")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(
        feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=f"{base_url}/digests/"
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Hindsight")
    updated = _text(feed, "updated", "")
    fmt = Presenter(tz_name, base_url)
    newest: dt.datetime | None = None
    for week in (latest.shift(-n) for n in range(WEEKS)):
        start, end = week.bounds(tz_name)
        items = reviews.published(viewer, start, end)
        hidden = reviews.hidden_count(viewer, start, end)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", fmt.digest_url(week))
        _text(entry, "title", f"Learning digest · {week.label}")
        _text(entry, "updated", _iso(end))
        _text(entry, "published", _iso(end))
        ET.SubElement(
            entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=fmt.digest_url(week)
        )
        summary = f"{fmt.plural(len(items), 'review')} published" + (
            f", and {hidden} restricted" if hidden else ""
        )
        _text(entry, "summary", summary)
        html = render_template(
            "digests/feed_entry.html", week=week, items=items, hidden=hidden, fmt=fmt
        )
        _text(entry, "content", html).set("type", "html")
        newest = max(newest or end, end)
    updated.text = _iso(newest) if newest else _iso(latest.end(tz_name))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = value
    return element
