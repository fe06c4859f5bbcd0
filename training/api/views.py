"""The endpoints of /api/v1/. Each list is the QuerySet of what the token's person may see
(``visible_to``, ``training.access``), with its joins, paged and filtered; each write calls the
service the pages call, so the same rules refuse the same things."""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from training import access
from training.certification.certificates import normalise_code
from training.certification.eligibility import eligibility, lost_recently, team_members
from training.certification.models import Certificate
from training.errors import TrainingError
from training.levels.selectors import granted_levels_of
from training.teams.models import Team
from training.tracks.models import StepKind, Track
from training.workflow import services as workflow
from training.workflow.models import Enrollment, EnrollmentStatus, ProgressStatus, StepProgress
from training.workflow.selectors import with_waiting

from . import filters
from .framework import BearerTokenAuthentication
from .models import Scope
from .serializers import (
    CertificateSerializer,
    EnrollmentCreateSerializer,
    EnrollmentSerializer,
    OnCallEligibleSerializer,
    PersonSerializer,
    ShadowShiftCreateSerializer,
    ShadowShiftSerializer,
    TeamSerializer,
    TrackSerializer,
)


class ApiViewSet(viewsets.GenericViewSet):
    """Answers bearer tokens, not sessions (DRF marks its views exempt from the site's login
    redirect: an API answers 401, never a login page)."""


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """People the token's person may see: themself and the people of their teams (a training
    admin: everyone)."""

    serializer_class = PersonSerializer
    filterset_class = filters.PersonFilter
    lookup_field = "username"
    lookup_value_regex = r"[\w.@+-]+"

    def get_queryset(self):
        return access.people_visible_to(self.request.user).prefetch_related(
            Prefetch("teams", Team.objects.only("slug").order_by("slug")),
            Prefetch("managed_teams", Team.objects.only("slug").order_by("slug")),
        ).order_by("username")


class TeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Teams with their managers, members, mentors and shadow hosts."""

    serializer_class = TeamSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return access.teams_visible_to(self.request.user).prefetch_related(
            "managers", "members", "mentors", "hosts").order_by("name")

    @extend_schema(
        responses=OnCallEligibleSerializer,
        parameters=[OpenApiParameter("track", str, description="Count only this track's certificates (slug).")],
        summary="Who may carry the pager for this team now",
        description="Members who are signed off with a valid certificate (not expired, not revoked, not lapsed "
                    "for drift) and an active account, each with the certificate; the members who lost "
                    "eligibility in the last 30 days, with the reason; and the members with readiness levels "
                    "granted (\"Support rota\", \"Escalation backup\"), which never make anyone eligible.",
    )
    @action(detail=True, url_path="on-call-eligible", pagination_class=None)
    def on_call_eligible(self, request, slug=None):
        team = get_object_or_404(access.teams_visible_to(request.user), slug=slug)
        track_slug = request.query_params.get("track") or None
        members = team_members(team)
        answers = eligibility(members, track_slug=track_slug)
        levels = granted_levels_of([m.pk for m in members], track_slug=track_slug)
        now = timezone.now()
        data = {"team": team.slug, "as_of": now, "eligible": [a for a in answers.values() if a.eligible],
                "lost_recently": lost_recently(team, now=now),
                "readiness_levels": [{"engineer": m, "eligible": answers[m.pk].eligible, "levels": levels[m.pk]}
                                     for m in members if m.pk in levels]}
        return Response(OnCallEligibleSerializer(data).data)


class TrackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Tracks (their current version) with every version's number and date."""

    serializer_class = TrackSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Track.objects.current().annotate(step_count=Count("steps")).order_by("name")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        versions = {}
        for track in Track.objects.order_by("slug", "-version").only("slug", "version", "is_current", "created_at"):
            versions.setdefault(track.slug, []).append(track)
        context["versions"] = versions
        return context


class EnrollmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ApiViewSet):
    """Enrollments the token's person may see, with progress and what each waits for."""

    serializer_class = EnrollmentSerializer
    filterset_class = filters.EnrollmentFilter
    lookup_value_regex = r"[0-9]+"
    required_scopes = {"POST": Scope.ENROLL}

    def get_queryset(self):
        return with_waiting(Enrollment.objects.visible_to(self.request.user).with_people()).order_by("-created_at",
                                                                                                       "-pk")

    def get_serializer_class(self):
        return EnrollmentCreateSerializer if self.action == "create" else EnrollmentSerializer

    @extend_schema(request=EnrollmentCreateSerializer, responses={201: EnrollmentSerializer},
                   summary="Enrol a person on a track",
                   description="The same rules as the enrol form: the token's person manages the engineer (or "
                               "is a training admin), one active enrollment per track, never one's own mentor.")
    def create(self, request, *args, **kwargs):
        serializer = EnrollmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            manager = workflow.enrollment_manager(engineer=data["engineer"], by=request.user,
                                                  manager=data.get("manager"))
            enrollment = workflow.enrollment_create(
                engineer=data["engineer"], track=data["track"], by=request.user, mentor=data.get("mentor"),
                target_date=data.get("target_date"), manager=manager)
        enrollment = with_waiting(Enrollment.objects.with_people()).get(pk=enrollment.pk)
        return Response(EnrollmentSerializer(enrollment).data, status=status.HTTP_201_CREATED)


class CertificateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Certificates the token's person may see, with state and expiry; ``{code}`` as printed."""

    serializer_class = CertificateSerializer
    filterset_class = filters.CertificateFilter
    lookup_field = "code"
    lookup_value_regex = r"[0-9A-Za-z-]+"

    def get_queryset(self):
        return Certificate.objects.visible_to(self.request.user).select_related("engineer", "track").order_by(
            "-issued_on", "-pk")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), code=normalise_code(self.kwargs["code"]))


class ShadowShiftViewSet(mixins.CreateModelMixin, ApiViewSet):
    serializer_class = ShadowShiftCreateSerializer
    required_scopes = {"POST": Scope.SHIFTS}

    @extend_schema(request=ShadowShiftCreateSerializer, responses={201: ShadowShiftSerializer},
                   summary="Record a shadow shift from the paging system",
                   description="Recorded as logged on the engineer's shadowing step: the host still confirms "
                               "it in Shiftready. The token's person is the engineer, their manager or a "
                               "training admin.")
    def create(self, request, *args, **kwargs):
        serializer = ShadowShiftCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        open_steps = StepProgress.objects.filter(
            enrollment__in=Enrollment.objects.visible_to(request.user), enrollment__engineer=data["engineer"],
            enrollment__status=EnrollmentStatus.ACTIVE, step__kind=StepKind.SHADOW,
        ).exclude(status=ProgressStatus.DONE).order_by("-enrollment__created_at", "step__order")
        if data.get("enrollment"):
            open_steps = open_steps.filter(enrollment_id=data["enrollment"])
        progress = open_steps.first()
        if progress is None:
            raise TrainingError(f"{data['engineer'].get_username()} has no shadowing step left in an active "
                                "enrollment you may see.")
        start = timezone.localtime(data["start"])
        hours = round((data["end"] - data["start"]).total_seconds() / 3600, 1) or 0.1
        shift = workflow.shadow_shift_record(
            progress=progress, by=request.user, date=start.date(), hours=str(hours), host=data["host"],
            role=data["role"], notes=data["notes"],
            incidents=[{"reference": i["id"], "severity": i["severity"], "summary": i["summary"]}
                       for i in data["incidents"]])
        shift.incident_ids = [i["id"] for i in data["incidents"]]
        return Response(ShadowShiftSerializer(shift).data, status=status.HTTP_201_CREATED)


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: for a token, or for a signed-in person reading the docs."""

    authentication_classes = [BearerTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI for people signed in to the site (the schema comes with their session); the
    URL sends anyone else to the login page."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]


@csrf_exempt  # it changes nothing, whatever the method: the API's 404 rather than a CSRF page
@login_not_required
def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: the API's 404, not the site's page."""
    return JsonResponse({"error": {"status": 404, "code": "not_found", "message": "No such endpoint."}}, status=404)
