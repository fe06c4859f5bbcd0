"""/api/v1/webhooks/: webhook subscriptions for scripts (scope ``webhooks``), through the same
services as the training admin's pages (training.webhooks)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from training import access
from training.teams.models import Team
from training.webhooks import services as webhooks
from training.webhooks.models import ALL_EVENTS, EVENT_TYPES, Kind, WebhookSubscription

from .models import Scope
from .serializers import NamedBy
from .views import ApiViewSet


class SubscriptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.values)
    events = serializers.ListField(child=serializers.CharField(), help_text='Event types, or ["*"] for all.')
    team = serializers.SlugField(source="team.slug", allow_null=True, default=None)
    description = serializers.CharField()
    is_active = serializers.BooleanField()
    disabled_reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class SubscriptionCreateSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(child=serializers.ChoiceField(choices=[*EVENT_TYPES, ALL_EVENTS, "all"]),
                                   min_length=1, max_length=len(EVENT_TYPES) + 2)
    team = NamedBy(slug_field="slug", queryset=Team.objects.all(), required=False,
                   allow_null=True, help_text="Only events about this team's people.")
    kind = serializers.ChoiceField(choices=Kind.values, default=Kind.STANDARD)
    description = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CreatedSerializer(SubscriptionSerializer):
    secret = serializers.CharField(help_text="The signing secret (whsec_…), shown only in this answer.")


class RotateSerializer(serializers.Serializer):
    overlap_hours = serializers.IntegerField(min_value=0, max_value=webhooks.MAX_OVERLAP_HOURS, default=24,
                                             help_text="How long the old secret keeps signing too.")


SECRET = inline_serializer("WebhookSecret", {"secret": serializers.CharField()})
DELIVERY = inline_serializer("WebhookDeliveryQueued", {"delivery": serializers.IntegerField(),
                                                       "event": serializers.CharField()})


class WebhookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ApiViewSet):
    """Webhook subscriptions: a training admin's (their token, or a service token's account)."""

    serializer_class = SubscriptionSerializer
    lookup_value_regex = r"[0-9]+"
    required_scopes = dict.fromkeys(("GET", "POST", "DELETE"), Scope.WEBHOOKS)

    def get_queryset(self):
        if not access.is_training_admin(self.request.user):
            return WebhookSubscription.objects.none()
        return WebhookSubscription.objects.select_related("team").order_by("-created_at", "-pk")

    @extend_schema(request=SubscriptionCreateSerializer, responses={201: CreatedSerializer},
                   summary="Subscribe a URL to events")
    def create(self, request):
        serializer = SubscriptionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subscription, secret = webhooks.subscription_create(
            url=data["url"], events=data["events"], by=request.user, team=data.get("team"), kind=data["kind"],
            description=data["description"])
        body = SubscriptionSerializer(subscription).data | {"secret": secret}
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, subscription):
        webhooks.subscription_delete(subscription=subscription, by=self.request.user)

    @extend_schema(request=None, responses={202: DELIVERY}, summary="Send a test event (ping)")
    @action(detail=True, methods=["post"])
    def ping(self, request, pk=None):
        subscription = get_object_or_404(self.get_queryset(), pk=pk)
        delivery = webhooks.subscription_ping(subscription=subscription, by=request.user)
        return Response({"delivery": delivery.pk, "event": delivery.event.message_id}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=RotateSerializer, responses={200: SECRET},
                   summary="Rotate the signing secret; the old one signs too during the overlap")
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        subscription = get_object_or_404(self.get_queryset(), pk=pk)
        serializer = RotateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        secret = webhooks.subscription_rotate_secret(subscription=subscription, by=request.user,
                                                     overlap_hours=serializer.validated_data["overlap_hours"])
        return Response({"secret": secret})
