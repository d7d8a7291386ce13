"""Search: ranked full-text search with filters and facets, and similar incidents."""

from __future__ import annotations

import math
from typing import Any

from flask import url_for

from app.api.auth import actor, visible_incident
from app.api.blueprint import ApiBlueprint
from app.errors import InvalidInput
from app.search import queries
from app.search.api_schemas import SearchArgs, SearchPage, SimilarArgs, SimilarList
from app.search.checks import filter_problems

bp = ApiBlueprint("search_api", __name__, description="Search and similar incidents.")

FILTERS = ("severity", "status", "factor", "service", "team", "tag")


@bp.get("/search")
@bp.arguments(SearchArgs, location="query")
@bp.response(200, SearchPage)
@bp.alt_response(422, response="UNPROCESSABLE_ENTITY")
def search(args: dict[str, Any]):
    """Search the reviews you may see; facet counts cover the whole query, filters included."""
    params = queries.SearchParams(
        q=args["q"],
        **{name: getattr(args.get(name), "value", args.get(name)) or "" for name in FILTERS},
        date_from=args.get("date_from"),
        date_to=args.get("date_to"),
        sort=args["sort"],
        page=args["page"],
        per_page=args["per_page"],
    )
    _, problems = filter_problems(params)
    if problems:
        raise InvalidInput(" ".join(problems.values()), problems)
    result = queries.search(actor(), params)
    return {
        "results": [
            {
                **hit.__dict__,
                "url": url_for("incidents_api.get_incident", ref=hit.ref, _external=True),
            }
            for hit in result.hits
        ],
        "total": result.total,
        "capped": result.capped,
        "page": result.page,
        "per_page": result.per_page,
        "sort": params.sort,
        "facets": result.facets,
        "notes": result.notes,
        "links": _links(args, result.total),
    }


def _links(args: dict[str, Any], total: int) -> dict[str, str | None]:
    pages = max(math.ceil(total / args["per_page"]), 1)
    page = args["page"]
    kept = {name: getattr(args[name], "value", args[name]) for name in FILTERS if name in args}
    kept |= {
        key: args[name] for key, name in (("from", "date_from"), ("to", "date_to")) if name in args
    }
    if args["q"]:
        kept["q"] = args["q"]
    if args["sort"] != "relevance":
        kept["sort"] = args["sort"]

    def to(number: int) -> str:
        return url_for(".search", page=number, per_page=args["per_page"], **kept, _external=True)

    return {
        "self": to(page),
        "first": to(1),
        "last": to(pages),
        "next": to(page + 1) if page < pages else None,
        "prev": to(min(page - 1, pages)) if page > 1 else None,
    }


@bp.get("/incidents/<ref>/similar")
@bp.arguments(SimilarArgs, location="query")
@bp.response(200, SimilarList)
@bp.alt_response(404, response="NOT_FOUND")
def similar(args: dict[str, Any], ref: str):
    """List the reviews you may see that look like this one, with the reason in words."""
    incident = visible_incident(ref)
    found = queries.similar(actor(), incident, limit=args["limit"])
    return {
        "results": [
            {
                **item.__dict__,
                "url": url_for("incidents_api.get_incident", ref=item.ref, _external=True),
            }
            for item in found
        ]
    }
