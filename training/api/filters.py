"""The query parameters of the API's lists (django-filter)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from training.certification.models import Certificate
from training.workflow.models import Enrollment, EnrollmentStatus


def _in_team(queryset, path, slug):
    """Rows whose person (``path``) is an engineer of the team ``slug``, without duplicates."""
    return queryset.filter(**{f"{path}__in": get_user_model().objects.filter(teams__slug=slug).values("pk")})


class PersonFilter(django_filters.FilterSet):
    team = django_filters.CharFilter(method="by_team", help_text="Engineers of this team (slug).")
    is_active = django_filters.BooleanFilter()

    def by_team(self, queryset, name, value):
        return _in_team(queryset, "pk", value)


class EnrollmentFilter(django_filters.FilterSet):
    team = django_filters.CharFilter(method="by_team", help_text="Engineers of this team (slug).")
    track = django_filters.CharFilter(field_name="track__slug", help_text="Track slug.")
    engineer = django_filters.CharFilter(field_name="engineer__username")
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices)

    class Meta:
        model = Enrollment
        fields = ["team", "track", "engineer", "status"]

    def by_team(self, queryset, name, value):
        return _in_team(queryset, "engineer", value)


class CertificateFilter(django_filters.FilterSet):
    team = django_filters.CharFilter(method="by_team", help_text="Engineers of this team (slug).")
    track = django_filters.CharFilter(field_name="track__slug", help_text="Track slug.")
    engineer = django_filters.CharFilter(field_name="engineer__username")
    state = django_filters.ChoiceFilter(choices=[("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")],
                                        method="by_state")
    expires_before = django_filters.DateFilter(field_name="expires_on", lookup_expr="lt")
    expires_after = django_filters.DateFilter(field_name="expires_on", lookup_expr="gte")

    class Meta:
        model = Certificate
        fields = ["team", "track", "engineer", "state", "expires_before", "expires_after"]

    def by_team(self, queryset, name, value):
        return _in_team(queryset, "engineer", value)

    def by_state(self, queryset, name, value):
        today = timezone.localdate()
        if value == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        expired = Q(expires_on__lt=today)
        queryset = queryset.filter(revoked_at__isnull=True)
        return queryset.filter(expired) if value == "expired" else queryset.exclude(expired)
