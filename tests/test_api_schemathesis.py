"""Schemathesis against ``/openapi.json`` of a live, writable server: no server errors, responses
match the documented status codes, content types and schemas."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from crosswire.web.testing import LiveServer, copy_db, ensure_demo_db

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.getbasetemp() / "crosswire-web"
    base.mkdir(exist_ok=True)
    demo = ensure_demo_db(base / "demo.db", seeds=SEEDS if SEEDS.is_dir() else None)
    db = copy_db(demo, tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    with LiveServer(db, max_upload_bytes=32 * 1024) as server:
        yield server.url


@pytest.fixture(scope="module")
def api_schema(live_url: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{live_url}/openapi.json")


def _check(case: schemathesis.Case, live_url: str) -> None:
    response = case.call(base_url=live_url, timeout=60)
    checks = CHECKS
    if case.method == "POST":  # every multipart part is bytes: "invalid" files are still files
        checks = [c for c in CHECKS if c is not negative_data_rejection]
    case.validate_response(response, checks=checks)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_api_conforms_and_never_errors(api_schema: schemathesis.BaseSchema, live_url: str,
                                       mode: GenerationMode) -> None:
    """Every operation, valid and invalid data (the pytest plugin of schemathesis 4 predates pytest 9,
    so the operations are driven with hypothesis directly)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def run(case: schemathesis.Case) -> None:
            _check(case, live_url)

        try:
            run()
        except Unsatisfiable:
            continue  # e.g. no invalid data can be generated for an operation without parameters
