from django.conf import settings
from django.utils.functional import SimpleLazyObject

from training import pagecache
from training.people.sso import is_configured as sso_configured
from training.workflow import queue


def shiftready(request):
    """Version for the footer, the navigation's roles and counts (built only when a template
    renders the navigation, and kept per user in ``training.pagecache``), and whether single
    sign-on is offered (the login page)."""
    user = getattr(request, "user", None)

    def roles():
        if user is None or not user.is_authenticated:
            return {}
        return pagecache.for_user("navigation", request, lambda: queue.navigation_flags(user))

    sso = {"enabled": sso_configured(), "label": settings.OIDC_LABEL, "only": settings.OIDC_ONLY and sso_configured()}
    return {"SHIFTREADY_VERSION": settings.SHIFTREADY_VERSION, "roles": SimpleLazyObject(roles), "SSO": sso}
