"""Domain errors raised by services, and how each becomes an HTTP answer."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain said no; the message is fit to show to the person who asked."""

    status_code = 400
    title = "Request refused"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    status_code = 404
    title = "Not found"


class PermissionDenied(DomainError):
    status_code = 403
    title = "Not allowed"


class InvalidInput(DomainError):
    """Values that cannot be stored; `errors` maps field names to messages."""

    status_code = 422
    title = "Invalid input"

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


class InvalidTransition(DomainError):
    """The review is not in a state where this step makes sense; nothing was changed."""

    status_code = 409
    title = "Not possible right now"


class EditConflict(DomainError):
    """Someone saved a newer version since this edit began; nothing was overwritten."""

    status_code = 409
    title = "Edit conflict"

    def __init__(self, message: str, *, current: Any, current_version: int) -> None:
        super().__init__(message)
        self.current = current
        self.current_version = current_version


def register(app: Flask) -> None:
    """Render friendly pages for errors, and never show a stack trace to a user."""

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):
        return _page(error.status_code, error.title, error.message)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        return _page(
            400,
            "Form expired",
            "This form could not be verified (it may have been open in another session). "
            "Go back, reload the page and try again; your text is still in the browser.",
        )

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        return _page(error.code or 500, error.name, error.description or "")

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if app.testing:  # let the test see the real traceback: a 500 is always a bug
            raise error
        log.exception("unhandled error on %s %s", request.method, request.path)
        return _page(500, "Something went wrong", "The error has been logged. Please try again.")


MESSAGES = {
    404: "There is nothing at this address. The incident may have been renamed, or you may "
    "not have access to it.",
}


def _page(status: int, title: str, message: str):
    message = MESSAGES.get(status, message) if status == 404 else message
    return render_template("errors/error.html", status=status, title=title, message=message), status
