"""The site's own record: which session belongs to whom."""

from django.conf import settings
from django.db import models
from django.utils import timezone

User = settings.AUTH_USER_MODEL


class UserSession(models.Model):
    """Which session belongs to whom (recorded at login by ``training.site.security``), so that every
    session of a deactivated user can be ended at once without decoding the session table."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Session of {self.user} since {self.created_at:%Y-%m-%d %H:%M}"
