"""The demo's readiness levels: Bob reached the Fast track's "Support rota" at the end of its
first week, granted by the manager before his final sign-off (``load_training`` calls this
between the two). Alice, on the Standard track, is still on the way to hers."""

from training.levels import services
from training.levels.models import LevelSignOff


def grant_demo_level(enrollment, people):
    if LevelSignOff.objects.filter(enrollment=enrollment).exists():
        return
    services.level_grant(enrollment=enrollment, level="Support rota", by=people["manager"],
                         comment="Ran the support rota's morning health check on his own.")
