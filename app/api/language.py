"""The blameless-language check, for editors and scripts."""

from __future__ import annotations

from typing import Any

from app.accounts.queries import active_users
from app.api.blueprint import ApiBlueprint
from app.api.schemas_reviews import LanguageIn, LanguageOut

bp = ApiBlueprint("language_api", __name__, description="Blameless-language check.")


@bp.post("/language/check", writes=False)
@bp.arguments(LanguageIn)
@bp.response(200, LanguageOut)
def check_language(body: dict[str, Any]):
    """Find blameful or counterfactual wording and suggest systems-focused rewrites."""
    # Imported here so the rest of the API does not depend on the checker's module loading.
    from app.language.checker import check

    findings = check(body["text"], names=[u.name for u in active_users()])
    return {"findings": [f.as_dict() for f in findings]}
