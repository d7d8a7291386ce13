"""Test harness: real migrations once per engine, then each test starts from empty tables.

SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it, and then a
missing server is a failure, not a skip). Tests really commit (views commit once, as in
production), so instead of rolling back a wrapping transaction we empty every table
after each test: that keeps concurrent-session tests and the live browser server honest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.accounts.models import User
from app.extensions import db

pytest_plugins = ["tests.smtp"]

ENGINES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _postgres_url(worker: str) -> str:
    """Create a fresh database for this worker next to TEST_DATABASE_URL's and return its URL."""
    base = make_url(os.environ["TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"hindsight_test_{worker}_{os.getpid()}"  # concurrent runs must not collide
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session", params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def database_url(
    engine_name: str, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Iterator[str]:
    if engine_name == "postgresql":
        url = _postgres_url(worker_id)
        yield url
        _drop_database(url)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'hindsight.sqlite3'}"


def _drop_database(url: str) -> None:
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
    admin.dispose()


class IsolatedClient(FlaskClient):
    """Run each request in its own app context, as production does.

    Tests keep an app context open for factories; without this, requests would reuse it
    and share `g` (and its cached signed-in user) and the test's database session.
    Session cookies are set up with `session_transaction`, which does not go through here.
    """

    def open(self, *args, **kwargs):
        # End the test's own transaction, so the request sees what the test wrote and the
        # test's next read sees what the request wrote (SQLite WAL reads from a snapshot).
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def session_app(database_url: str) -> Iterator[Flask]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(session_app: Flask) -> Iterator[Flask]:
    """The application, inside an app context, over empty tables."""
    with session_app.app_context():
        yield session_app
        db.session.rollback()
        db.session.remove()
        _empty_tables()


def _empty_tables() -> None:
    # DELETE beats TRUNCATE by far on PostgreSQL for a handful of rows per table.
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Make `client` act as `user` (the sign-in form itself is tested separately)."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


@pytest.fixture
def member(app: Flask) -> User:
    from tests.factories.accounts import make_user

    user = make_user(email="mo@example.com", name="Mo Member", timezone="Europe/Berlin")
    db.session.commit()
    return user


@pytest.fixture
def admin(app: Flask) -> User:
    from tests.factories.accounts import make_user

    user = make_user(email="ada@example.com", name="Ada Admin", admin=True)
    db.session.commit()
    return user


@pytest.fixture
def member_client(client: FlaskClient, member: User) -> FlaskClient:
    return sign_in(client, member)


@pytest.fixture
def admin_client(client: FlaskClient, admin: User) -> FlaskClient:
    return sign_in(client, admin)


ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
