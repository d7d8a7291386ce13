"""Digests: one per ISO week, a delivery per recipient, and who wants the digest

`digest_deliveries` is unique per (digest, address): `digest send` claims a row (state
"sending") and commits before it mails, so a second run never sends the same digest twice.
Also adds the indexes the digest and insights queries read by: incidents.started_at,
revisions.published_at, action_items.created_at and .completed_at, a covering index
for counting overdue action items, and timeline_entries.author_id (the visibility check).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('digest_opt_outs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_opt_outs')),
    sa.UniqueConstraint('email', name=op.f('uq_digest_opt_outs_email'))
    )
    op.create_table('digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digests')),
    sa.UniqueConstraint('week', name=op.f('uq_digests_week'))
    )
    op.create_table('digest_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('pending', 'sending', 'sent', 'failed', name='deliverystate', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.String(length=250), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['digest_id'], ['digests.id'], name=op.f('fk_digest_deliveries_digest_id_digests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_deliveries_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_deliveries')),
    sa.UniqueConstraint('digest_id', 'email', name=op.f('uq_digest_deliveries_digest_id'))
    )
    op.create_table('digest_feed_keys',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_feed_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_feed_keys'))
    )
    op.create_table('digest_recipients',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_digest_recipients_added_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_recipients')),
    sa.UniqueConstraint('email', name=op.f('uq_digest_recipients_email'))
    )
    op.create_table('digest_subscriptions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_subscriptions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_subscriptions'))
    )
    op.create_table('digest_nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_digest_nominations_incident_id_incidents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_nominations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_nominations')),
    sa.UniqueConstraint('incident_id', 'user_id', name=op.f('uq_digest_nominations_incident_id'))
    )
    # Reporting indexes on other domains' tables (declared in app/insights/models.py).
    op.create_index('ix_incidents_started_at', 'incidents', ['started_at'], unique=False)
    op.create_index('ix_timeline_entries_author_id', 'timeline_entries', ['author_id'], unique=False)
    op.create_index('ix_revisions_published_at', 'revisions', ['published_at'], unique=False)
    op.create_index('ix_action_items_created_at', 'action_items', ['created_at'], unique=False)
    op.create_index('ix_action_items_completed_at', 'action_items', ['completed_at'], unique=False)
    op.create_index('ix_action_items_overdue', 'action_items', ['due_date', 'status', 'completed_at', 'created_at', 'incident_id'], unique=False)
    op.create_index('ix_timeline_entries_author_incident', 'timeline_entries', ['author_id', 'incident_id'], unique=False)


def downgrade():
    op.drop_index('ix_timeline_entries_author_incident', table_name='timeline_entries')
    op.drop_index('ix_action_items_overdue', table_name='action_items')
    op.drop_index('ix_action_items_completed_at', table_name='action_items')
    op.drop_index('ix_action_items_created_at', table_name='action_items')
    op.drop_index('ix_revisions_published_at', table_name='revisions')
    op.drop_index('ix_timeline_entries_author_id', table_name='timeline_entries')
    op.drop_index('ix_incidents_started_at', table_name='incidents')
    op.drop_table('digest_nominations')
    op.drop_table('digest_subscriptions')
    op.drop_table('digest_recipients')
    op.drop_table('digest_feed_keys')
    op.drop_table('digest_deliveries')
    op.drop_table('digests')
    op.drop_table('digest_opt_outs')
