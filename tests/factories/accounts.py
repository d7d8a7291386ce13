"""Users."""

from __future__ import annotations

import itertools

from app.accounts import services
from app.accounts.models import User

PASSWORD = "correct horse battery staple"
_n = itertools.count(1)


def make_user(
    *,
    email: str | None = None,
    name: str | None = None,
    admin: bool = False,
    timezone: str = "UTC",
    password: str | None = PASSWORD,
) -> User:
    n = next(_n)
    return services.create_user(
        email=email or f"person{n}@example.com",
        name=name or f"Person {n}",
        password=password,
        admin=admin,
        timezone=timezone,
    )
