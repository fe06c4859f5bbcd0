from django.conf import settings

from . import access


def shiftready(request):
    """Version for the footer and the role flags the navigation needs."""
    user = getattr(request, "user", None)
    roles = {}
    if user is not None and user.is_authenticated:
        roles = {
            "is_manager": access.is_manager(user),
            "is_training_admin": access.is_training_admin(user),
        }
    return {"SHIFTREADY_VERSION": settings.SHIFTREADY_VERSION, "roles": roles}
