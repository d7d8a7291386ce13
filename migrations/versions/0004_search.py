"""Search: a denormalised document per incident, and each engine's full-text index

FTS5 (porter stemming over unicode61) on SQLite, kept in step with `search_texts` by
triggers; a weighted tsvector column with a GIN index on PostgreSQL, written by the app
when it indexes. Run `flask search reindex` after upgrading to index existing reviews.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FTS_COLUMNS = ("title", "overview", "details", "timeline")
_NEW = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
_COLS = ", ".join(FTS_COLUMNS)

SQLITE_UP = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5({_COLS}, content='search_texts',
        content_rowid='incident_id', tokenize='porter unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER search_texts_ai AFTER INSERT ON search_texts BEGIN
        INSERT INTO search_fts(rowid, {_COLS}) VALUES (new.incident_id, {_NEW}); END""",
    f"""CREATE TRIGGER search_texts_ad AFTER DELETE ON search_texts BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLS})
        VALUES ('delete', old.incident_id, {_OLD}); END""",
    f"""CREATE TRIGGER search_texts_au AFTER UPDATE ON search_texts BEGIN
        INSERT INTO search_fts(search_fts, rowid, {_COLS})
        VALUES ('delete', old.incident_id, {_OLD});
        INSERT INTO search_fts(rowid, {_COLS}) VALUES (new.incident_id, {_NEW}); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_texts_au",
    "DROP TRIGGER IF EXISTS search_texts_ad",
    "DROP TRIGGER IF EXISTS search_texts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "ALTER TABLE search_documents ADD COLUMN document tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_search_documents_document",
    "ALTER TABLE search_documents DROP COLUMN IF EXISTS document",
]


def upgrade():
    op.create_table('search_documents',
    sa.Column('incident_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('severity', sa.Enum('SEV1', 'SEV2', 'SEV3', 'SEV4', name='severity', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('visibility', sa.Enum('internal', 'restricted', name='visibility', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('team', sa.String(length=80), nullable=False),
    sa.Column('services', sa.Text(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('factors', sa.Text(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_search_documents_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id', name=op.f('pk_search_documents'))
    )
    op.create_table('search_texts',
    sa.Column('incident_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('overview', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('timeline', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_search_texts_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id', name=op.f('pk_search_texts'))
    )
    for statement in _engine_statements(SQLITE_UP, POSTGRES_UP):
        op.execute(statement)


def downgrade():
    for statement in _engine_statements(SQLITE_DOWN, POSTGRES_DOWN):
        op.execute(statement)
    op.drop_table('search_texts')
    op.drop_table('search_documents')


def _engine_statements(sqlite, postgresql):
    name = op.get_bind().dialect.name
    return {"sqlite": sqlite, "postgresql": postgresql}.get(name, [])
