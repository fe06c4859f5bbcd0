"""The site's own pages: the start page that sends each person to theirs, and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from training import access


def home(request):
    """Send each person to their own start page."""
    user = request.user
    if access.is_manager(user):
        return redirect("training:team")
    if access.is_training_admin(user):
        return redirect("training:admin_home")
    return redirect("training:my_training")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
