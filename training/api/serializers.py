"""What the API returns and accepts. Reads are explicit fields of objects the views fetch with
their joins; writes only validate shapes and find the objects named: the rules are the services'."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from training.certification.credential import credential_url
from training.teams.models import person_name
from training.tracks.models import Track
from training.workflow.models import ShiftRole
from training.workflow.selectors import waiting_on

User = get_user_model()


class NamedBy(serializers.SlugRelatedField):
    """A related object named by its slug or username. A name with a NUL character names nothing
    and is refused as such: PostgreSQL refuses the character in a query (a 500, not a 400)."""

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:
            raise serializers.ValidationError("Null characters are not allowed.")
        return super().to_internal_value(data)


class PersonRefSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)


class PersonSerializer(PersonRefSerializer):
    email = serializers.CharField(help_text="Empty when the account has none.")
    is_active = serializers.BooleanField()
    teams = serializers.SerializerMethodField(help_text="Slugs of the teams the person is an engineer of.")
    manages = serializers.SerializerMethodField(help_text="Slugs of the teams the person manages.")

    def get_teams(self, user) -> list[str]:
        return [t.slug for t in user.teams.all()]

    def get_manages(self, user) -> list[str]:
        return [t.slug for t in user.managed_teams.all()]


class TeamSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    review_cadence = serializers.CharField()
    managers = PersonRefSerializer(many=True)
    members = PersonRefSerializer(many=True)
    mentors = PersonRefSerializer(many=True)
    hosts = PersonRefSerializer(many=True)


class TrackVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    is_current = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class TrackSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    version = serializers.IntegerField(help_text="The current version.")
    description = serializers.CharField()
    audience = serializers.CharField()
    hours = serializers.CharField()
    validity_months = serializers.IntegerField(allow_null=True)
    steps = serializers.IntegerField(source="step_count", help_text="Steps in the current version.")
    versions = serializers.SerializerMethodField()

    @extend_schema_field(TrackVersionSerializer(many=True))
    def get_versions(self, track):
        return TrackVersionSerializer(self.context["versions"].get(track.slug, []), many=True).data


class TrackRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    version = serializers.IntegerField()


class ProgressSerializer(serializers.Serializer):
    steps_done = serializers.IntegerField()
    steps_total = serializers.IntegerField()
    percent = serializers.IntegerField()


class EnrollmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    engineer = PersonRefSerializer()
    track = TrackRefSerializer()
    manager = PersonRefSerializer()
    mentor = PersonRefSerializer(allow_null=True)
    status = serializers.CharField()
    start_date = serializers.DateField()
    target_date = serializers.DateField(allow_null=True)
    ready_at = serializers.DateTimeField(allow_null=True)
    progress = serializers.SerializerMethodField()
    waiting_on = serializers.SerializerMethodField(
        help_text="Who the enrollment waits for: engineer, mentor (logs), host (shifts), manager; empty when finished.")

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, enrollment):
        return {"steps_done": enrollment.steps_done, "steps_total": enrollment.steps_total,
                "percent": enrollment.percent}

    def get_waiting_on(self, enrollment) -> str:
        return waiting_on(enrollment)


class EnrollmentCreateSerializer(serializers.Serializer):
    engineer = NamedBy(slug_field="username", queryset=User.objects.filter(is_active=True))
    track = NamedBy(slug_field="slug", queryset=Track.objects.current(),
                    help_text="The track's slug: the current version is enrolled.")
    mentor = NamedBy(slug_field="username", queryset=User.objects.filter(is_active=True),
                     required=False, allow_null=True)
    manager = NamedBy(
        slug_field="username", queryset=User.objects.filter(is_active=True), required=False, allow_null=True,
        help_text="Who signs the engineer off; by default the token's person if they manage the engineer, "
                  "else the manager of the engineer's team.")
    target_date = serializers.DateField(required=False, allow_null=True)


def verify_url(certificate):
    return settings.SITE_URL + reverse("public:verify", args=[certificate.code])


class CertificateSerializer(serializers.Serializer):
    code = serializers.CharField(source="display_code")
    engineer = PersonRefSerializer()
    track = serializers.SerializerMethodField()
    issued_on = serializers.DateField()
    expires_on = serializers.DateField(allow_null=True)
    state = serializers.ChoiceField(choices=["valid", "expired", "revoked"])
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    signer_name = serializers.CharField()
    sha256 = serializers.CharField(help_text="SHA-256 of the issued PDF.")
    verify_url = serializers.SerializerMethodField()
    credential_url = serializers.SerializerMethodField(
        help_text="The certificate's signed Open Badges 3.0 credential (VC-JWT); null for a certificate issued "
                  "before credentials that was not re-issued.")

    @extend_schema_field(TrackRefSerializer)
    def get_track(self, certificate):
        return {"slug": certificate.track.slug, "name": certificate.track.name, "version": certificate.track_version}

    def get_verify_url(self, certificate) -> str:
        return verify_url(certificate)

    def get_credential_url(self, certificate) -> str | None:
        return credential_url(certificate)


class EligibleCertificateSerializer(serializers.Serializer):
    code = serializers.CharField(source="display_code")
    track = serializers.SlugField(source="track.slug")
    expires_on = serializers.DateField(allow_null=True)
    verify_url = serializers.SerializerMethodField()

    def get_verify_url(self, certificate) -> str:
        return verify_url(certificate)


class EligiblePersonSerializer(serializers.Serializer):
    person = PersonRefSerializer(source="engineer")
    certificate = EligibleCertificateSerializer(help_text="The certificate that lasts longest.")
    certificates = serializers.SerializerMethodField()

    @extend_schema_field(EligibleCertificateSerializer(many=True))
    def get_certificates(self, answer):
        return EligibleCertificateSerializer([c.certificate for c in answer.certifications], many=True).data


class LostEligibilitySerializer(serializers.Serializer):
    person = PersonRefSerializer(source="engineer")
    lost_at = serializers.DateTimeField(source="at")
    reason = serializers.CharField()


class GrantedLevelSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="The level's name, as the track declares it (\"Support rota\").")
    track = serializers.SlugField(source="enrollment.track.slug")
    stage = serializers.CharField(source="stage.title", help_text="The stage at whose end it is reached.")
    granted_at = serializers.DateTimeField(source="at")
    granted_by = PersonRefSerializer(source="by")


class PersonLevelsSerializer(serializers.Serializer):
    person = PersonRefSerializer(source="engineer")
    eligible = serializers.BooleanField(help_text="Eligible for on-call: only the final sign-off gives it.")
    levels = GrantedLevelSerializer(many=True)


class OnCallEligibleSerializer(serializers.Serializer):
    team = serializers.SlugField()
    as_of = serializers.DateTimeField()
    eligible = EligiblePersonSerializer(many=True)
    lost_recently = LostEligibilitySerializer(many=True, help_text="Lost eligibility in the last 30 days.")
    readiness_levels = PersonLevelsSerializer(
        many=True, help_text="Members with readiness levels granted now (milestones before on-call, such as "
                             "\"Support rota\"), each with their levels in the order reached. A level never makes "
                             "anyone eligible for on-call.")


class IncidentSerializer(serializers.Serializer):
    id = serializers.CharField(max_length=60, help_text="The paging system's incident id.")
    severity = serializers.ChoiceField(choices=["P1", "P2", "P3", "P4", ""], required=False, default="")
    summary = serializers.CharField(max_length=300, required=False, default="")


class ShadowShiftCreateSerializer(serializers.Serializer):
    engineer = NamedBy(slug_field="username", queryset=User.objects.filter(is_active=True),
                       help_text="The engineer who shadowed.")
    host = NamedBy(slug_field="username", queryset=User.objects.filter(is_active=True),
                   help_text="The on-call engineer shadowed; they confirm the shift. Someone "
                             "eligible for on-call on a team of the engineer's, or listed as "
                             "that team's shadow host: anyone else is refused (409).")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    role = serializers.ChoiceField(choices=ShiftRole.values, default=ShiftRole.OBSERVE)
    incidents = IncidentSerializer(many=True, required=False, default=list)
    notes = serializers.CharField(max_length=5000, required=False, default="", allow_blank=True)
    enrollment = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                          help_text="Which enrollment, when the engineer has several with "
                                                    "shadowing left; by default the newest.")

    def validate(self, data):
        hours = (data["end"] - data["start"]).total_seconds() / 3600
        if hours <= 0:
            raise serializers.ValidationError({"end": "The shift ends after it starts."})
        if hours > 24:
            raise serializers.ValidationError({"end": "A shift lasts at most 24 hours."})
        return data


class ShadowShiftSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    enrollment = serializers.IntegerField(source="progress.enrollment_id")
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=1)
    host = PersonRefSerializer()
    role = serializers.CharField()
    state = serializers.CharField(help_text="pending: waiting for the host to confirm it in Shiftready.")
    incidents = serializers.ListField(child=serializers.CharField(), source="incident_ids")
