"""Incident list order: an index in the list's own order (newest start first)

The list sorts by started_at DESC NULLS LAST, created_at DESC, id DESC; with this index a page
reads its rows in order instead of sorting every visible incident. PostgreSQL only:
SQLite cannot index NULLS LAST.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 17:55:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return  # SQLite cannot index NULLS LAST
    op.create_index(
        'ix_incidents_list_order',
        'incidents',
        [sa.text('started_at DESC NULLS LAST'), sa.text('created_at DESC'), sa.text('id DESC')],
    )


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_index('ix_incidents_list_order', table_name='incidents')
