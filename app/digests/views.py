"""The digest to read: the week's page, its PDF, and the Atom feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.clock import utcnow
from app.digests import access, content, feed, pdf, settings
from app.digests.present import Presenter
from app.digests.weeks import BadWeek, IsoWeek
from app.errors import NotFound

bp = Blueprint("digests", __name__, url_prefix="/digests")


class NoSuchWeek(NotFound):
    title = "No such week"


def _week(text: str) -> IsoWeek:
    try:
        return IsoWeek.parse(text)
    except BadWeek as error:
        raise NoSuchWeek(str(error)) from error


@bp.errorhandler(NoSuchWeek)
def _no_such_week(error: NoSuchWeek):
    # The site-wide 404 text talks about incidents; say what was wrong with the week instead.
    message = f"{error.message} Digests live at /digests/YYYY-Www, for example /digests/2026-W49."
    return render_template("errors/error.html", status=404, title=error.title, message=message), 404


def _unauthorised() -> Response:
    return Response(
        "Sign in, or send an API token as 'Authorization: Bearer <token>'.\n",
        401,
        {"WWW-Authenticate": "Bearer", "Content-Type": "text/plain; charset=utf-8"},
    )


@bp.get("/")
def index():
    """Show the digest of the last week that has ended."""
    week = IsoWeek.last_complete(utcnow(), settings.timezone())
    return redirect(url_for("digests.show", week=week))


@bp.get("/<week>")
def show(week: str):
    """Show one week's digest, as the viewer may see it, with links to the weeks around it."""
    iso, tz_name = _week(week), settings.timezone()
    current = IsoWeek.containing(utcnow(), tz_name)
    if iso > current:
        raise NoSuchWeek(f"Week {iso} has not started yet.")
    digest = content.build(week=iso, tz_name=tz_name, viewer=current_user)
    return render_template(
        "digests/show.html",
        c=digest,
        fmt=Presenter(tz_name),
        chart_src=lambda chart: chart.data_uri,
        has_next=iso < current,
        in_progress=iso == current,
    )


@bp.get("/<week>.pdf", endpoint="pdf")
def pdf_download(week: str):
    """Download one week's digest as PDF (a session or a bearer token)."""
    viewer = access.downloader()
    if viewer is None:
        return _unauthorised()
    iso = _week(week)
    digest = content.build(week=iso, tz_name=settings.timezone(), viewer=viewer)
    document = pdf.render_pdf(digest, settings.base_url())
    return Response(
        document,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="hindsight-digest-{iso}.pdf"'},
    )


@bp.get("/feed.atom", endpoint="feed")
def feed_atom():
    """Serve the Atom feed of recent weeks (a session, a bearer token, or a feed link)."""
    viewer = access.downloader(feed=True)
    if viewer is None:
        if request.args.get("token"):
            abort(404)  # a revoked or mistyped feed link: say nothing more
        return _unauthorised()
    tz_name = settings.timezone()
    body = feed.build(
        viewer=viewer,
        latest=IsoWeek.last_complete(utcnow(), tz_name),
        tz_name=tz_name,
        base_url=settings.base_url(),
        self_url=request.url,
    )
    return Response(body, mimetype="application/atom+xml")
