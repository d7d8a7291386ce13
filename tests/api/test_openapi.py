"""The OpenAPI description is made from the code and lists every endpoint of the contract."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

CONTRACT = {
    "/api/v1/incidents": {"get", "post"},
    "/api/v1/incidents/{ref}": {"get", "patch", "delete"},
    "/api/v1/incidents/{ref}/timeline": {"get", "post"},
    "/api/v1/incidents/{ref}/factors": {"get", "post"},
    "/api/v1/incidents/{ref}/actions": {"get", "post"},
    "/api/v1/incidents/{ref}/submit": {"post"},
    "/api/v1/incidents/{ref}/approve": {"post"},
    "/api/v1/incidents/{ref}/request-changes": {"post"},
    "/api/v1/incidents/{ref}/publish": {"post"},
    "/api/v1/incidents/{ref}/reopen": {"post"},
    "/api/v1/incidents/{ref}/reviewers": {"get", "post"},
    "/api/v1/incidents/{ref}/comments": {"get", "post"},
    "/api/v1/language/check": {"post"},
    # Everything else the pages can do.
    "/api/v1/incidents/{ref}/timeline/{entry_id}": {"patch", "delete"},
    "/api/v1/incidents/{ref}/factors/{factor_id}": {"patch", "delete"},
    "/api/v1/incidents/{ref}/actions/{action_id}": {"patch", "delete"},
    "/api/v1/incidents/{ref}/comments/{comment_id}/resolve": {"post"},
    "/api/v1/incidents/{ref}/revisions": {"get"},
    "/api/v1/incidents/{ref}/revisions/{number}": {"get"},
    "/api/v1/incidents/{ref}/deploys/{deploy_id}/decision": {"put"},
    "/api/v1/incidents/{ref}/alerts/{alert_id}/decision": {"put"},
    "/api/v1/incidents/{ref}/no-change": {"put", "delete"},
    "/api/v1/digests/{week}": {"get"},
}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _spec(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_the_description_is_openapi_3_1_with_every_contract_operation(
    client: FlaskClient,
) -> None:
    spec = _spec(client)
    assert spec["openapi"] == "3.1.0"
    assert spec["info"] == {"title": "Hindsight", "version": "v1"}
    for path, methods in CONTRACT.items():
        assert path in spec["paths"], path
        assert methods <= set(spec["paths"][path]), path


def test_every_operation_needs_the_bearer_scheme(client: FlaskClient) -> None:
    spec = _spec(client)
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path, item in spec["paths"].items():
        for method in set(item) & METHODS:
            operation = item[method]
            assert operation["security"] == [{"bearer": []}], (path, method)
            assert "401" in {str(code) for code in operation["responses"]}, (path, method)
            assert operation["summary"], (path, method)


def test_every_reference_resolves_and_errors_are_problem_documents(client: FlaskClient) -> None:
    spec = _spec(client)
    refs = list(_refs(spec))
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        node: Any = spec
        for part in ref[2:].split("/"):
            assert part in node, ref
            node = node[part]
    unprocessable = spec["components"]["responses"]["UNPROCESSABLE_ENTITY"]
    assert set(unprocessable["content"]) == {"application/problem+json"}


def test_contract_field_names_are_in_the_schemas(client: FlaskClient) -> None:
    schemas = _spec(client)["components"]["schemas"]
    assert {"ref", "title", "severity", "owner", "version", "started_at", "services"} <= set(
        schemas["IncidentOut"]["properties"]
    )
    assert "version" in schemas["IncidentPatch"]["required"]
    assert {"title", "severity"} <= set(schemas["IncidentCreate"]["required"])
    assert schemas["IncidentOut"]["properties"]["severity"]["enum"] == [
        "SEV1",
        "SEV2",
        "SEV3",
        "SEV4",
    ]


def _refs(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_each_operation_lists_exactly_its_errors_with_no_catch_all(client: FlaskClient) -> None:
    paths = _spec(client)["paths"]
    for path, item in paths.items():
        for method in set(item) & METHODS:
            codes = set(item[method]["responses"])
            assert "default" not in codes, (path, method)
            assert ("404" in codes) == ("{" in path), (path, method)
            assert ("413" in codes) == ("requestBody" in item[method]), (path, method)
    assert "403" in paths["/api/v1/incidents/{ref}"]["patch"]["responses"]
    assert "409" not in paths["/api/v1/language/check"]["post"]["responses"]
