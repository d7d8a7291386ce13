"""Integrations: webhook senders, the deploys and alerts they send, and decisions about them

Deploys and alerts keep the raw payload and a dedupe key unique per source, so redeliveries
update one row. Change links record what a person decided about one of them for an incident;
no_change_verdicts records "no change involved".

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('integrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('github', 'deploys', 'alertmanager', 'grafana', 'pagerduty', 'opsgenie', 'sentry', 'alerts', name='source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('secret', sa.String(length=500), nullable=True),
    sa.Column('secret_hash', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_delivery_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_integrations_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integrations'))
    )
    with op.batch_alter_table('integrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_integrations_source'), ['source'], unique=False)

    op.create_table('alerts',
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('firing', 'acknowledged', 'resolved', name='alertstatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('github', 'deploys', 'alertmanager', 'grafana', 'pagerduty', 'opsgenie', 'sentry', 'alerts', name='source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('dedupe_key', sa.String(length=255), nullable=False),
    sa.Column('service_name', sa.String(length=200), nullable=False),
    sa.Column('environment', sa.String(length=80), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('utc_offset_minutes', sa.Integer(), nullable=True),
    sa.Column('event_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_alerts_service_id_services'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('source', 'dedupe_key', name=op.f('uq_alerts_source'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_service_started', ['service_id', 'started_at'], unique=False)
        batch_op.create_index('ix_alerts_started_at', ['started_at'], unique=False)

    op.create_table('deploys',
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('is_production', sa.Boolean(), nullable=False),
    sa.Column('version', sa.String(length=200), nullable=False),
    sa.Column('commit_sha', sa.String(length=80), nullable=False),
    sa.Column('status', sa.Enum('queued', 'pending', 'in_progress', 'success', 'failure', 'error', 'inactive', name='deploystatus', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('deployer', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('github', 'deploys', 'alertmanager', 'grafana', 'pagerduty', 'opsgenie', 'sentry', 'alerts', name='source', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('dedupe_key', sa.String(length=255), nullable=False),
    sa.Column('service_name', sa.String(length=200), nullable=False),
    sa.Column('environment', sa.String(length=80), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('utc_offset_minutes', sa.Integer(), nullable=True),
    sa.Column('event_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_deploys_service_id_services'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deploys')),
    sa.UniqueConstraint('source', 'dedupe_key', name=op.f('uq_deploys_source'))
    )
    with op.batch_alter_table('deploys', schema=None) as batch_op:
        batch_op.create_index('ix_deploys_service_started', ['service_id', 'started_at'], unique=False)
        batch_op.create_index('ix_deploys_started_at', ['started_at'], unique=False)

    op.create_table('no_change_verdicts',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_no_change_verdicts_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_no_change_verdicts_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id', name=op.f('pk_no_change_verdicts'))
    )
    op.create_table('service_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], name=op.f('fk_service_aliases_service_id_services'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_aliases')),
    sa.UniqueConstraint('name', name=op.f('uq_service_aliases_name'))
    )
    op.create_table('change_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('deploy_id', sa.Integer(), nullable=True),
    sa.Column('alert_id', sa.Integer(), nullable=True),
    sa.Column('relation', sa.Enum('suspected_trigger', 'related', 'dismissed', name='relation', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(deploy_id IS NULL) <> (alert_id IS NULL)', name=op.f('ck_change_links_one_record')),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], name=op.f('fk_change_links_alert_id_alerts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_change_links_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deploy_id'], ['deploys.id'], name=op.f('fk_change_links_deploy_id_deploys'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], name=op.f('fk_change_links_incident_id_incidents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_links')),
    sa.UniqueConstraint('incident_id', 'alert_id', name='uq_change_links_incident_alert'),
    sa.UniqueConstraint('incident_id', 'deploy_id', name='uq_change_links_incident_deploy')
    )
    with op.batch_alter_table('change_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_links_incident_id'), ['incident_id'], unique=False)


def downgrade():
    with op.batch_alter_table('change_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_links_incident_id'))

    op.drop_table('change_links')
    op.drop_table('service_aliases')
    op.drop_table('no_change_verdicts')
    with op.batch_alter_table('deploys', schema=None) as batch_op:
        batch_op.drop_index('ix_deploys_started_at')
        batch_op.drop_index('ix_deploys_service_started')

    op.drop_table('deploys')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_started_at')
        batch_op.drop_index('ix_alerts_service_started')

    op.drop_table('alerts')
    with op.batch_alter_table('integrations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_integrations_source'))

    op.drop_table('integrations')
