"""One shape for every error of the API: ``{"error": {"status", "code", "message", "fields"?}}``
(``REST_FRAMEWORK["EXCEPTION_HANDLER"]``)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from training.errors import TrainingError

CODES = {
    status.HTTP_400_BAD_REQUEST: "invalid",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "permission_denied",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    status.HTTP_409_CONFLICT: "refused",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


def _message(detail):
    if isinstance(detail, dict):
        return "; ".join(f"{field}: {_message(value)}" for field, value in detail.items())
    if isinstance(detail, list):
        return " ".join(_message(item) for item in detail)
    return str(detail)


def handle_exception(exc, context):
    """Every error as ``{"error": {"status", "code", "message", "fields"?}}``. A service's refusal
    (``TrainingError``) is 409 with its message; a model's validation error is 400."""
    if isinstance(exc, TrainingError):
        exc = exceptions.APIException(str(exc))
        exc.status_code = status.HTTP_409_CONFLICT
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code, "code": CODES.get(response.status_code, "error"),
            "message": _message(response.data.get("detail", response.data)
                                if isinstance(response.data, dict) else response.data)}
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        body["fields"] = {field: [str(m) for m in (messages if isinstance(messages, list) else [messages])]
                          for field, messages in response.data.items()}
    return Response({"error": body}, status=response.status_code, headers={
        k: v for k, v in response.headers.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")})
