"""Hindsight: blameless incident reviews."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from app.config import CONFIGS, ConfigError

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, errors, commands."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    env_name = "testing" if test_config else os.environ.get("HINDSIGHT_ENV", "production")
    if env_name not in CONFIGS:
        raise ConfigError(f"HINDSIGHT_ENV must be one of {', '.join(CONFIGS)}, not {env_name!r}")
    app.config.from_object(CONFIGS[env_name]())
    if test_config:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(exist_ok=True)

    _register_extensions(app)
    _register_blueprints(app)
    _register_commands(app)

    from app import errors, templating

    errors.register(app)
    templating.register(app)
    return app


def _register_extensions(app: Flask) -> None:
    from app import database_events, models, security  # noqa: F401 - every table on the metadata
    from app.accounts import auth
    from app.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    auth.register(app)
    security.init_app(app)
    with app.app_context():
        database_events.register(db.engine)


def _register_blueprints(app: Flask) -> None:
    from app.accounts.sso import bp as sso_bp
    from app.accounts.views import bp as accounts_bp
    from app.audit.views import bp as audit_bp
    from app.catalog.views import bp as catalog_bp
    from app.digests.member_views import bp as digest_members_bp
    from app.digests.views import bp as digests_bp
    from app.exports.views import bp as exports_bp
    from app.health import bp as health_bp
    from app.imports.views import bp as imports_bp
    from app.incidents.part_views import bp as incident_parts_bp
    from app.incidents.views import bp as incidents_bp
    from app.insights.views import bp as insights_bp
    from app.language.views import bp as language_bp
    from app.reviews.views import bp as reviews_bp
    from app.search.views import bp as search_bp

    app.register_blueprint(health_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(sso_bp)
    app.register_blueprint(catalog_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(incidents_bp)
    app.register_blueprint(incident_parts_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(language_bp)
    app.register_blueprint(imports_bp)
    app.register_blueprint(digests_bp)
    app.register_blueprint(digest_members_bp)
    app.register_blueprint(insights_bp)
    app.register_blueprint(audit_bp)

    from app.api import init_api

    init_api(app)

    from app.integrations.blueprints import register as register_integrations

    register_integrations(app)  # after init_api: it adds operations to the same API


def _register_commands(app: Flask) -> None:
    from app.accounts.cli import tokens_cli, users_cli
    from app.demo.cli import demo_cli
    from app.digests.cli import digest_cli
    from app.exports.cli import export_cli, import_jsonl
    from app.imports.cli import import_cli
    from app.integrations.cli import integrations_cli
    from app.search.cli import search_cli
    from app.seed.cli import bench_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(integrations_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(import_cli)
    import_cli.add_command(import_jsonl)  # `import jsonl` restores a backup
    app.cli.add_command(export_cli)
    app.cli.add_command(bench_cli)
    app.cli.add_command(digest_cli)
