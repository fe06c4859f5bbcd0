"""Who may host an engineer's shadow shifts, and so confirm them: a person currently **eligible**
for on-call on a team the engineer belongs to, or listed as a shadow host of that team by its
manager (``Team.hosts``). Never the engineer, never a deactivated account.

Eligibility (signed off, certificate valid, not lapsed) is certification's answer, and the
workflow sits below certification: it asks the policy class named in
``settings.SHADOW_HOST_POLICY`` (``training.certification.eligibility.HostPolicy``), whose
``allowed_hosts(enrollment)`` returns a QuerySet of users. The step page's picker lists exactly
them, and the services refuse anyone else, when a shift is logged or recorded and when it is
confirmed."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from training.errors import TrainingError
from training.teams.models import person_name


@cache
def _policy_class(path):
    return import_string(path)


def host_policy():
    return _policy_class(settings.SHADOW_HOST_POLICY)


def allowed_hosts(enrollment):
    """QuerySet of the people who may host ``enrollment``'s shadow shifts, by name."""
    return host_policy().allowed_hosts(enrollment).order_by("first_name", "last_name", "username")


def require_host(host, enrollment, *, confirming=False):
    """Refuse ``host`` unless they may host the enrollment's shifts now."""
    if allowed_hosts(enrollment).filter(pk=host.pk).exists():
        return
    engineer = person_name(enrollment.engineer)
    if confirming:
        raise TrainingError(f"You may not confirm {engineer}'s shadow shifts now: a host must be eligible for "
                            f"on-call on a team of {engineer}'s, or listed as a shadow host of that team.")
    raise TrainingError(f"{person_name(host)} cannot host {engineer}'s shadow shifts: a host must be eligible for "
                        f"on-call on a team of {engineer}'s, or listed as a shadow host of that team by its manager.")
