"""Schemathesis against the published OpenAPI schema over real HTTP on 127.0.0.1: whatever
the generated paths, queries and bodies, the API never answers with a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture(scope="session")
def api_operations(live_server: str) -> list:
    schema = schemathesis.openapi.from_url(f"{live_server}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_lists_the_api(api_operations: list) -> None:
    paths = {op.path for op in api_operations}
    assert {"/api/v1/documents", "/api/v1/search", "/api/v1/facts"} <= paths


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_request_makes_the_api_fail(api_operations: list, live_server: str, data: st.DataObject) -> None:
    operation = data.draw(st.sampled_from(api_operations), label="operation")
    case = data.draw(operation.as_strategy(), label="case")
    response = case.call(base_url=live_server, timeout=30)
    assert response.status_code < 500, (case.method, case.formatted_path, case.query, response.text[:300])


def test_a_parameter_valid_for_the_query_but_not_for_the_model_is_a_422(client) -> None:
    r = client.get("/api/v1/scenarios", params={"year": 2024, "country": "China", "element": ""})
    assert r.status_code == 422 and "elements" in r.json()["error"]
