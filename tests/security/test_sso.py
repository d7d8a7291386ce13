"""Single sign-on against a real OpenID Connect provider on loopback (tests/oidc_provider.py).

Each sign-in runs the whole authorization-code flow over HTTP: Hindsight reads the
provider's discovery document and redirects; the provider (requests, as the browser)
answers with a code; Hindsight's callback exchanges it at the token endpoint, checks the
RS256 ID token against the JWKS, and reads the userinfo endpoint.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.accounts.models import Role, User, new_session_nonce
from app.audit.models import AuditEvent
from app.config import Config, ConfigError
from app.extensions import db
from tests.factories.accounts import PASSWORD
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, Account, OidcProvider

LABEL = "Loopback ID"
SETTINGS = ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_BUTTON_LABEL")
SETTINGS += ("OIDC_ADMIN_GROUPS", "OIDC_SCOPES")
# Read once per configuration, then kept: the discovery document and the signing keys.
CACHED = ("GET /.well-known/openid-configuration", "GET /jwks")
NIA = Account(sub="idp-user-1", email="Nia.Okafor@example.com", name="Nia Okafor")


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider().running() as running:
        yield running


@pytest.fixture
def idp(app: Flask, provider: OidcProvider) -> Iterator[OidcProvider]:
    """Single sign-on configured against the loopback provider; Nia is signed in there."""
    saved = {key: app.config[key] for key in SETTINGS}
    app.config.update(
        OIDC_ISSUER=provider.issuer,
        OIDC_CLIENT_ID=CLIENT_ID,
        OIDC_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_BUTTON_LABEL=LABEL,
        OIDC_ADMIN_GROUPS="",
    )
    provider.client.redirect_uris = {"http://localhost/login/sso/callback"}
    provider.signed_in = Account(**vars(NIA))
    provider.hits.clear()
    yield provider
    app.config.update(saved)


def start(client: FlaskClient, next_url: str | None = None) -> str:
    """Press the button; return where the provider tells the browser to go back to."""
    response = client.get("/login/sso", query_string={"next": next_url} if next_url else {})
    assert response.status_code == 302, response.text
    at_provider = requests.get(response.location, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert (back.netloc, back.path) == ("localhost", "/login/sso/callback")
    return f"{back.path}?{back.query}"


def sign_in_via_sso(client: FlaskClient, next_url: str | None = None) -> TestResponse:
    """Run the whole flow and return the callback's answer."""
    return client.get(start(client, next_url))


def refusal(client: FlaskClient, response: TestResponse) -> str:
    """Follow a refused sign-in back to the login page and return that page."""
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/login"
    page = client.get(response.location)
    assert page.status_code == 200
    assert client.get("/profile").status_code == 302  # still signed out
    return page.text


def users() -> list[User]:
    db.session.commit()
    return list(db.session.scalars(select(User)))


def actions() -> list[str]:
    db.session.commit()
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_login_page_hides_the_button_when_sso_is_not_configured(client: FlaskClient) -> None:
    page = client.get("/login")
    assert "Sign in with" not in page.text
    assert client.get("/login/sso").status_code == 404
    assert client.get("/login/sso/callback?code=x&state=y").status_code == 404


def test_login_page_offers_the_provider_next_to_the_password_form(
    client: FlaskClient, idp: OidcProvider
) -> None:
    page = client.get("/login?next=/profile").text
    assert f"Sign in with {LABEL}" in page
    assert 'href="/login/sso?next=/profile"' in page
    assert 'name="password"' in page


def test_first_sign_in_creates_a_member_from_the_claims(
    client: FlaskClient, idp: OidcProvider
) -> None:
    response = sign_in_via_sso(client, next_url="/profile")

    assert response.status_code == 302
    assert response.location == "/profile"
    assert "Nia Okafor" in client.get("/profile").text
    [user] = users()
    assert (user.email, user.name, user.role, user.timezone) == (
        "nia.okafor@example.com",
        "Nia Okafor",
        Role.MEMBER,
        "UTC",
    )
    assert user.password_hash is None  # no local password to guess
    assert (user.sso_issuer, user.sso_subject) == (idp.issuer, "idp-user-1")
    assert [hit for hit in idp.hits if hit not in CACHED] == [
        "GET /authorize",
        "POST /token",
        "GET /userinfo",
    ]
    assert actions() == ["account.created", "account.sso_linked", "account.signed_in"]
    signed_in = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert signed_in.actor_id == user.id
    assert signed_in.detail == {"ip": "127.0.0.1", "via": "sso"}


def test_the_provider_is_found_through_its_discovery_document(
    app: Flask, client: FlaskClient, idp: OidcProvider
) -> None:
    app.config["OIDC_SCOPES"] = "openid email profile groups"  # a new configuration

    response = sign_in_via_sso(client)

    assert response.location == "/incidents/"
    assert idp.hits == [
        "GET /.well-known/openid-configuration",
        "GET /authorize",
        "POST /token",
        "GET /jwks",
        "GET /userinfo",
    ]


def test_second_sign_in_finds_the_same_account_by_subject(
    client: FlaskClient, idp: OidcProvider
) -> None:
    sign_in_via_sso(client)
    client.post("/logout")
    idp.signed_in.email = "nia@new-domain.example.com"  # email changed at the provider
    idp.signed_in.name = "Nia O."

    response = sign_in_via_sso(client)

    assert response.location == "/incidents/"
    [user] = users()
    assert user.email == "nia.okafor@example.com"
    assert actions().count("account.created") == 1
    assert actions().count("account.signed_in") == 2


def test_first_sign_in_links_the_local_account_with_the_same_verified_email(
    client: FlaskClient, idp: OidcProvider, member: User
) -> None:
    idp.signed_in.email = "MO@example.com"

    sign_in_via_sso(client)

    assert "Mo Member" in client.get("/profile").text
    [user] = users()
    assert user.id == member.id
    assert user.sso_subject == "idp-user-1"
    client.post("/logout")
    local = client.post("/login", data={"email": "mo@example.com", "password": PASSWORD})
    assert local.status_code == 302  # the password keeps working beside SSO


def test_an_account_linked_to_another_identity_is_not_relinked_by_email(
    client: FlaskClient, idp: OidcProvider
) -> None:
    sign_in_via_sso(client)
    client.post("/logout")
    idp.signed_in = Account(sub="someone-else", email=NIA.email, name="Not Nia")

    page = refusal(client, sign_in_via_sso(client))

    assert "linked to another single sign-on identity" in page
    [user] = users()
    assert user.sso_subject == "idp-user-1"


def test_a_tampered_state_is_refused(client: FlaskClient, idp: OidcProvider) -> None:
    back = urlsplit(start(client))
    params = dict(parse_qsl(back.query))
    params["state"] = params["state"][:-2] + "xx"

    page = refusal(client, client.get(f"{back.path}?{urlencode(params)}"))

    assert "expired or was started in another browser" in page
    assert users() == []


def test_a_callback_in_another_browser_is_refused(
    app: Flask, client: FlaskClient, idp: OidcProvider
) -> None:
    callback = start(client)
    other = app.test_client()

    page = refusal(other, other.get(callback))

    assert "expired or was started in another browser" in page
    assert users() == []


def test_an_unverified_email_neither_creates_nor_takes_over_an_account(
    client: FlaskClient, idp: OidcProvider, member: User
) -> None:
    idp.signed_in.email = "mo@example.com"
    idp.signed_in.email_verified = False

    page = refusal(client, sign_in_via_sso(client))

    assert "has not verified your email address" in page
    [user] = users()
    assert user.sso_subject is None
    assert actions()[-1] == "account.sign_in_failed"


def test_declining_at_the_provider_comes_back_with_a_message(
    client: FlaskClient, idp: OidcProvider
) -> None:
    idp.signed_in = None  # the person says no on the consent screen

    page = refusal(client, sign_in_via_sso(client))

    assert f"Signing in with {LABEL} was cancelled." in page


def test_an_unreachable_provider_is_explained(
    app: Flask, client: FlaskClient, idp: OidcProvider
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    app.config["OIDC_ISSUER"] = f"http://127.0.0.1:{closed}"

    page = refusal(client, client.get("/login/sso"))

    assert f"{LABEL} cannot be reached right now" in page


def test_a_provider_that_rejects_our_client_is_explained(
    app: Flask, client: FlaskClient, idp: OidcProvider
) -> None:
    app.config["OIDC_CLIENT_SECRET"] = "not-the-registered-secret"

    page = refusal(client, sign_in_via_sso(client))

    assert f"{LABEL} did not let you sign in" in page


def test_a_deactivated_account_cannot_sign_in_through_the_provider(
    client: FlaskClient, idp: OidcProvider
) -> None:
    sign_in_via_sso(client)
    client.post("/logout")
    [user] = users()
    user.active = False
    db.session.commit()

    page = refusal(client, sign_in_via_sso(client))

    assert "This account is deactivated" in page


def test_changing_the_session_nonce_ends_an_sso_session(
    client: FlaskClient, idp: OidcProvider
) -> None:
    sign_in_via_sso(client)
    assert client.get("/profile").status_code == 200
    [user] = users()
    user.session_nonce = new_session_nonce()
    db.session.commit()

    assert client.get("/profile").status_code == 302


def test_only_local_next_addresses_are_followed(client: FlaskClient, idp: OidcProvider) -> None:
    response = sign_in_via_sso(client, next_url="https://evil.example/steal")

    assert response.location == "/incidents/"


def test_admin_groups_decide_who_is_an_admin_at_each_sign_in(
    app: Flask, client: FlaskClient, idp: OidcProvider
) -> None:
    app.config["OIDC_ADMIN_GROUPS"] = "sre-leads, hindsight-admins"
    idp.signed_in.groups = ["hindsight-admins"]
    sign_in_via_sso(client)
    assert users()[0].role is Role.ADMIN
    client.post("/logout")

    idp.signed_in.groups = ["everyone"]
    sign_in_via_sso(client)

    assert users()[0].role is Role.MEMBER
    assert client.get("/admin/audit").status_code == 403
    assert "account.role_changed" in actions()


def test_local_sign_in_still_works_when_sso_is_configured(
    client: FlaskClient, idp: OidcProvider, member: User
) -> None:
    response = client.post("/login", data={"email": "mo@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert "Mo Member" in client.get("/profile").text
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_configuration_refuses_half_an_sso_setup() -> None:
    issuer = {"OIDC_ISSUER": "https://id.example.com"}
    with pytest.raises(ConfigError, match="OIDC_CLIENT_SECRET"):
        Config({**issuer, "OIDC_CLIENT_ID": "hindsight"})
    with pytest.raises(ConfigError, match="openid"):
        Config({**issuer, "OIDC_CLIENT_ID": "h", "OIDC_CLIENT_SECRET": "s", "OIDC_SCOPES": "email"})
    config = Config({**issuer, "OIDC_CLIENT_ID": "h", "OIDC_CLIENT_SECRET": "s"})
    assert (config.OIDC_SCOPES, config.OIDC_BUTTON_LABEL) == ("openid email profile", "SSO")
