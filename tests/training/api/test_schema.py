"""The API's OpenAPI document: valid (openapi-spec-validator), served with its docs from the app
(no CDN), and true to the API: schemathesis drives the live server over every endpoint and finds
no server error and no answer the schema does not describe."""

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

from tests.training.certification.test_certificates import certified
from tests.training.factories import Org

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def make_token(*args):
    out = StringIO()
    call_command("api_token", "create", "--name", "schema", "--scopes", "read,enroll,shifts,webhooks", *args,
                 stdout=out)
    return out.getvalue().split()[-1]


@pytest.mark.django_db
def test_the_schema_is_valid_openapi_and_covers_every_endpoint():
    response = Client(headers={"Authorization": f"Bearer {make_token()}"}).get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/people/", "/api/v1/teams/{slug}/on-call-eligible/", "/api/v1/enrollments/",
            "/api/v1/shadow-shifts/", "/api/v1/certificates/{code}/", "/api/v1/tracks/{slug}/"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearerToken"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearerToken"][
            "description"]}
    post = spec["paths"]["/api/v1/enrollments/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409", "429"} <= set(post)


@pytest.mark.django_db
def test_the_docs_are_served_from_the_app_to_people_signed_in(client_for, engineer):
    assert Client().get("/api/v1/docs/").status_code == 302  # to the login page
    page = client_for(engineer).get("/api/v1/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert client_for(engineer).get("/api/v1/schema/").status_code == 200  # the docs read it with the session
    assert Client().get("/api/v1/schema/").status_code == 401


@pytest.mark.django_db
def test_an_unknown_path_under_the_api_answers_in_the_apis_error_shape():
    response = Client().get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "code": "not_found", "message": "No such endpoint."}}


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, settings, tmp_path):
    settings.API_RATE = "100000/hour"
    org = Org()
    certified(org)
    token = make_token()
    result = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{live_server.url}/api/v1/schema/", "--header", f"Authorization: Bearer {token}",
         "--checks", CHECKS, "--max-examples", "8", "--workers", "1", "--seed", "20261130",
         "--generation-database", "none", "--no-color", "--request-timeout", "30"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    operations = len(re.findall(r"operationId", json.dumps(Client(headers={"Authorization": f"Bearer {token}"}).get(
        "/api/v1/schema/?format=json").json())))
    assert f"Tested: {operations}" in result.stdout and " passed" in result.stdout
