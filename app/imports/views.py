"""The upload page: import a few Markdown postmortems from the browser."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.extensions import db
from app.imports import files, report, services
from app.imports.forms import UploadForm

bp = Blueprint("imports", __name__)


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """Import the uploaded files, one at a time, and show what happened to each."""
    form = UploadForm()
    reports = []
    if form.validate_on_submit():
        for item in form.files.data:
            source = files.from_upload(
                item.filename or "", item.stream, uploader_id=current_user.id
            )
            reports.append(services.import_source(source, owner=current_user))
            db.session.commit()  # each file on its own: one that fails never undoes the others
    status = 422 if form.errors else 200
    summary = report.summary(reports) if reports else None
    page = render_template("imports/upload.html", form=form, reports=reports, summary=summary)
    return page, status


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """Explain the size limits instead of showing a bare 413."""
    form = UploadForm(formdata=None)
    form.files.errors = ["That upload was too large: send at most 2 MiB at once, 1 MiB per file."]
    return render_template("imports/upload.html", form=form, reports=[], summary=None), 413
