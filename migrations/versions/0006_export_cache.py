"""Export cache: the rendered PDF, Markdown and JSON of each published revision

Written by hand: 0004 (search) and 0005 (integrations) were being written at the same time,
so this names its parent by id rather than being generated on top of them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('export_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=False),
    sa.Column('renderer', sa.Integer(), nullable=False),
    sa.Column('etag', sa.String(length=80), nullable=False),
    sa.Column('media_type', sa.String(length=80), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['revision_id'], ['revisions.id'], name=op.f('fk_export_cache_revision_id_revisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_export_cache')),
    sa.UniqueConstraint('revision_id', 'format', name=op.f('uq_export_cache_revision_id'))
    )


def downgrade():
    op.drop_table('export_cache')
