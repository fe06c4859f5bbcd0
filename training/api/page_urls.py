from django.urls import path

from . import pages

urlpatterns = [
    path("account/api-tokens/", pages.api_tokens, name="api_tokens"),
    path("account/api-tokens/<int:pk>/revoke/", pages.api_token_revoke, name="api_token_revoke"),
]
