"""PDF of a review: the print template through WeasyPrint, which may fetch only our images.

User Markdown reaches the PDF, so the renderer must not become a way to read server files or
reach the network: the URL fetcher refuses file://, other hosts, any data: URL that is not an
image, and does no network I/O at all (so there are no redirects to follow). Hindsight's own
/static/ files (the print stylesheet, images a review points at) are read from the static
folder directly.
"""

from __future__ import annotations

import base64
import binascii
import gc
import mimetypes
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

import weasyprint
from flask import current_app, render_template
from weasyprint.urls import URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

from app.exports.document import Document
from app.exports.printable import Clipper, printable
from app.incidents import queries

MAX_RESOURCE = 10 * 1024 * 1024  # no image in a review needs more
SERVED_TYPES = ("image/", "text/css")


class Refused(ValueError):
    """The PDF may not load this address; WeasyPrint leaves the resource out and goes on."""


class HindsightFetcher(URLFetcher):
    """Give WeasyPrint Hindsight's static files and data: images, and nothing else."""

    def __init__(self, *, base_url: str, static_folder: str) -> None:
        super().__init__(allow_redirects=False, fail_on_errors=False)
        base = urlsplit(base_url)
        self._origin = (base.scheme.lower(), base.netloc.lower())
        self._static_path = base.path.rstrip("/") + "/static/"
        self._static_folder = static_folder

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return _data_image(url)
        if scheme not in {"http", "https"} or (scheme, parts.netloc.lower()) != self._origin:
            raise Refused(f"not Hindsight's own address: {url[:100]}")
        path = unquote(parts.path)
        if not path.startswith(self._static_path):
            raise Refused(f"only /static/ files are embedded: {url[:100]}")
        return self._static(url, path.removeprefix(self._static_path))

    def _static(self, url: str, name: str) -> URLFetcherResponse:
        found = safe_join(self._static_folder, name)
        media_type = mimetypes.guess_type(name)[0] or ""
        if found is None or not media_type.startswith(SERVED_TYPES):
            raise Refused(f"not a static image or stylesheet: {url[:100]}")
        file = Path(found)
        if not file.is_file() or file.stat().st_size > MAX_RESOURCE:
            raise Refused(f"no such static file, or too big: {url[:100]}")
        return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": media_type})


def _data_image(url: str) -> URLFetcherResponse:
    header, comma, payload = url[5:].partition(",")
    media_type, *params = header.split(";")
    if not comma or not media_type.strip().lower().startswith("image/"):
        raise Refused("a data: URL that is not an image")
    if len(payload) > MAX_RESOURCE * 4 // 3:
        raise Refused("a data: image that is too big")
    try:
        body = (
            base64.b64decode(payload, validate=True)
            if "base64" in params
            else unquote_to_bytes(payload)
        )
    except (binascii.Error, ValueError) as error:
        raise Refused("a data: image that cannot be decoded") from error
    return URLFetcherResponse(url[:100], body, {"Content-Type": media_type.strip().lower()})


def fetcher() -> HindsightFetcher:
    """Return a fetcher for this app's address and static folder."""
    return HindsightFetcher(base_url=base_url(), static_folder=current_app.static_folder or "")


def base_url() -> str:
    """Return the address relative links in a review resolve against: Hindsight's own."""
    return current_app.config["BASE_URL"].rstrip("/") + "/"


def html(doc: Document) -> str:
    """Render the print page of a review (the PDF's source, handy for looking at it)."""
    clip = Clipper()
    return render_template(
        "exports/incident.html",
        doc=doc,
        incident=printable(doc.incident, clip),
        durations=queries.durations(doc.incident),
        clip=clip,
        editable=False,
    )


def render(doc: Document) -> bytes:
    """Return the review as a PDF."""
    page = weasyprint.HTML(string=html(doc), base_url=base_url(), url_fetcher=fetcher())
    # Layout makes hundreds of thousands of short-lived objects, and every collection they
    # trigger walks the whole application's heap again: a third of the render time. Collect
    # once afterwards instead.
    gc.disable()
    try:
        return page.write_pdf()
    finally:
        gc.enable()
