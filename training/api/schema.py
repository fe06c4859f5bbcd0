"""The OpenAPI document's finishing touches: every operation documents the error answers it
can give, in the one error shape (``errors.handle_exception``)."""

ERRORS = {
    "400": "The request is not valid: `fields` says what is wrong with each field.",
    "401": "No token, or a token that is unknown, expired or revoked.",
    "403": "The token lacks the scope this needs.",
    "404": "Nothing of that name that the token's person may see (or a page past the last).",
    "409": "The rules refuse it (the message says why), as the same action on the site would be refused.",
    "429": "Too many requests for this token: wait as `Retry-After` says.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the Error schema, and the error answers of every
    operation (400 and 409 only where there is a body or a query to refuse, 404 for one object or a page)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
            },
        }},
    })
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            codes = ["401", "403", "429"]
            if method in ("post", "put", "patch") or operation.get("parameters"):
                codes.append("400")
            if method in ("post", "put", "patch"):
                codes.append("409")
            if "{" in path or method == "get":
                codes.append("404")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {
                    "description": ERRORS[code],
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result
