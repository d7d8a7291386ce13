"""Single sign-on: remember each account's OpenID Connect identity (issuer and subject)

An account is matched by (sso_issuer, sso_subject) after its first SSO sign-in; the
unique index keeps one provider identity from ever naming two accounts. Both columns
stay empty for local-only accounts (NULLs never clash in a unique index).

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-28 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sso_issuer', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=255), nullable=True))
        batch_op.create_index(
            'ix_users_sso_identity', ['sso_issuer', 'sso_subject'], unique=True
        )


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index('ix_users_sso_identity')
        batch_op.drop_column('sso_subject')
        batch_op.drop_column('sso_issuer')
