"""Import one file. Like every service: flush, never commit; the caller commits per file."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from app.accounts.models import User
from app.errors import DomainError, InvalidInput
from app.extensions import db
from app.imports import postmortem, store
from app.imports.document import ImportFileError, read_document
from app.imports.files import Source
from app.imports.report import FileReport

log = logging.getLogger(__name__)


def import_source(source: Source, *, owner: User) -> FileReport:
    """Import one file inside a savepoint, so a file that fails leaves nothing behind."""
    if source.problem:
        return FileReport(source.name, "failed", reason=source.problem)
    try:
        with db.session.begin_nested():
            meta, body = read_document(source.data)
            pm = postmortem.build(meta, body, path_id=source.path_id, file_name=source.name)
            outcome, incident = store.save(pm, owner=owner)
    except ImportFileError as error:
        return FileReport(source.name, "failed", reason=error.message)
    except DomainError as error:
        return FileReport(source.name, "failed", reason=_domain_reason(error))
    except SQLAlchemyError as error:
        detail = str(getattr(error, "orig", error)).splitlines()[0]
        return FileReport(source.name, "failed", reason=f"The database refused it: {detail}")
    except Exception as error:
        # One odd file must never abort a batch of hundreds: report it, log it, go on.
        log.exception("importing %s", source.name)
        reason = f"Unexpected {type(error).__name__} ({error}); please report this file."
        return FileReport(source.name, "failed", reason=reason)
    return FileReport(
        source.name, outcome, ref=incident.ref, title=incident.title, warnings=pm.warnings
    )


def _domain_reason(error: DomainError) -> str:
    if isinstance(error, InvalidInput) and error.errors:
        details = "; ".join(f"{field}: {message}" for field, message in error.errors.items())
        return f"{error.message} ({details})"
    return error.message
