"""Tell Alembic's autogenerate that the engine-specific search objects are not drift.

Migration 0004 creates objects the models cannot describe portably: the FTS5 table (and
the shadow tables SQLite makes for it) and, on PostgreSQL, the `document` tsvector column
with its GIN index. Without this, `flask db check`, `flask db migrate` and the schema test
would all propose dropping them. Registered through Alembic's global comparator hook, so
every autogenerate run sees it, whoever configured the migration context.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate.compare import comparators
from alembic.operations import ops
from alembic.util import DispatchPriority, PriorityDispatchResult

FTS_TABLE = "search_fts"
VECTOR_TABLE = "search_documents"
VECTOR_COLUMN = "document"
VECTOR_INDEX = "ix_search_documents_document"


def is_engine_object(op: ops.MigrateOperation) -> bool:
    """Tell whether an autogenerate operation would touch an engine-specific search object."""
    if isinstance(op, ops.DropTableOp):
        return op.table_name == FTS_TABLE or op.table_name.startswith(FTS_TABLE + "_")
    if isinstance(op, ops.DropColumnOp):
        return op.table_name == VECTOR_TABLE and op.column_name == VECTOR_COLUMN
    if isinstance(op, ops.DropIndexOp):
        return op.index_name == VECTOR_INDEX
    return False


def _prune(container: ops.OpContainer) -> None:
    kept = []
    for op in container.ops:
        if isinstance(op, ops.OpContainer):
            _prune(op)
            if op.is_empty():
                continue
        if not is_engine_object(op):
            kept.append(op)
    container.ops = kept


@comparators.dispatch_for("schema", priority=DispatchPriority.LAST)
def _hide_engine_objects(
    autogen_context: Any, upgrade_ops: ops.UpgradeOps, schemas: Any
) -> PriorityDispatchResult:
    _prune(upgrade_ops)
    return PriorityDispatchResult.CONTINUE
