"""The upload form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired, MultipleFileField


class UploadForm(FlaskForm):
    files = MultipleFileField(
        "Markdown files",
        validators=[FileRequired("Choose one or more Markdown files (.md) to import.")],
        description="Up to 1 MiB each. A file imported before is updated, not duplicated.",
    )
