"""A real OpenID Connect provider on loopback, built from Authlib's authorization server.

It speaks OIDC over HTTP like any identity provider: a discovery document, a JWKS with a
fresh RS256 key, an authorization endpoint (code flow, nonce, PKCE S256), a token endpoint
(client_secret_basic) that issues signed ID tokens, and a userinfo endpoint behind a bearer
token. Instead of a login form it signs in whoever the test puts in `signed_in`, and
consents for them at once; `signed_in = None` plays a person who declines.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo, UserInfoEndpoint
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from authlib.oidc.discovery import OpenIDProviderMetadata
from flask import Flask, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "hindsight-test"
CLIENT_SECRET = "s3cret-for-the-loopback-provider"


@dataclass
class Account:
    """A person at the identity provider."""

    sub: str
    email: str
    name: str
    email_verified: bool = True
    groups: list[str] = field(default_factory=list)

    def claims(self, scope: str) -> UserInfo:
        """Return what this person's claims say for the granted scope."""
        info = UserInfo(
            sub=self.sub, name=self.name, email=self.email, email_verified=self.email_verified
        ).filter(scope)
        info["groups"] = list(self.groups)
        return info


@dataclass
class Client(ClientMixin):
    """The one relying party registered here: Hindsight."""

    client_id: str
    client_secret: str
    redirect_uris: set[str] = field(default_factory=set)
    client_metadata: dict[str, Any] = field(default_factory=dict)

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # the redirect URI must always be given, and registered

    def get_allowed_scope(self, scope: str) -> str:
        allowed = {"openid", "email", "profile", "groups"}
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == "client_secret_basic" if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    """An authorization code waiting to be exchanged."""

    code: str
    client_id: str
    redirect_uri: str
    scope: str
    account: Account
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


@dataclass
class Token(TokenMixin):
    """An access token, good for the userinfo endpoint."""

    access_token: str
    scope: str
    client: Client
    account: Account
    expires_at: float

    def check_client(self, client: ClientMixin) -> bool:
        return client.get_client_id() == self.client.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return int(self.expires_at - time.time())

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at

    def is_revoked(self) -> bool:
        return False

    def get_user(self) -> Account:
        return self.account

    def get_client(self) -> Client:
        return self.client


class OidcProvider:
    """An identity provider serving one client; start() it to get its issuer URL."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "loopback-1", "alg": "RS256"})
        self.client = Client(CLIENT_ID, CLIENT_SECRET)
        self.signed_in: Account | None = None
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, Token] = {}
        self.issuer = ""
        self.hits: list[str] = []  # "GET /path" for every request, in order
        self.app = self._build_app()

    @contextmanager
    def running(self) -> Iterator[OidcProvider]:
        """Serve the provider on a free loopback port in a thread while the block runs."""
        server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, name="oidc-provider", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()

    def discovery(self) -> dict[str, Any]:
        """Return the OpenID Provider Metadata, checked against the discovery spec."""
        metadata = OpenIDProviderMetadata(
            issuer=self.issuer,
            authorization_endpoint=f"{self.issuer}/authorize",
            token_endpoint=f"{self.issuer}/token",
            userinfo_endpoint=f"{self.issuer}/userinfo",
            jwks_uri=f"{self.issuer}/jwks",
            scopes_supported=["openid", "email", "profile", "groups"],
            response_types_supported=["code"],
            grant_types_supported=["authorization_code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            token_endpoint_auth_methods_supported=["client_secret_basic"],
            code_challenge_methods_supported=["S256"],
            claims_supported=["sub", "iss", "name", "email", "email_verified", "groups"],
        )
        metadata.validate()
        return dict(metadata)

    def _build_app(self) -> Flask:
        app = Flask("oidc_provider")
        server = AuthorizationServer(app, query_client=self._query_client, save_token=self._save)
        provider = self

        class IdToken(OpenIDCode):
            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.key

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def exists_nonce(self, nonce: str, request: Any) -> bool:
                return any(code.nonce == nonce for code in provider.codes.values())

            def generate_user_info(self, user: Account, scope: str) -> UserInfo:
                return user.claims(scope)

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic"]  # noqa: RUF012 - Authlib's

            def save_authorization_code(self, code: str, request: Any) -> None:
                provider.codes[code] = Code(
                    code=code,
                    client_id=request.client.client_id,
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.scope,
                    account=request.user,
                    nonce=request.payload.data.get("nonce"),
                    code_challenge=request.payload.data.get("code_challenge"),
                    code_challenge_method=request.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                found = provider.codes.get(code)
                return found if found and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> Account:
                return authorization_code.account

        class UserInfoByToken(UserInfoEndpoint):
            def generate_user_info(self, user: Account, scope: str) -> UserInfo:
                return user.claims(scope)

        class Bearer(BearerTokenValidator):
            def authenticate_token(self, token_string: str) -> Token | None:
                return provider.tokens.get(token_string)

        server.register_grant(CodeGrant, [IdToken(require_nonce=True), CodeChallenge()])
        protector = ResourceProtector()
        protector.register_token_validator(Bearer())
        server.register_endpoint(UserInfoByToken(resource_protector=protector))

        @app.before_request
        def note_hit() -> None:
            self.hits.append(f"{request.method} {request.path}")

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(self.discovery())

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([self.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            try:
                grant = server.get_consent_grant(end_user=self.signed_in)
            except OAuth2Error as error:
                return server.handle_error_response(None, error)
            return server.create_authorization_response(grant_user=self.signed_in, grant=grant)

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.route("/userinfo", methods=["GET", "POST"])
        def userinfo():
            return server.create_endpoint_response("userinfo")

        return app

    def _query_client(self, client_id: str) -> Client | None:
        return self.client if client_id == self.client.client_id else None

    def _save(self, token: dict[str, Any], request: Any) -> None:
        self.tokens[token["access_token"]] = Token(
            access_token=token["access_token"],
            scope=token.get("scope", ""),
            client=request.client,
            account=request.user,
            expires_at=time.time() + token.get("expires_in", 3600),
        )
