"""Single sign-on with OpenID Connect (Okta, Entra ID, Google, Keycloak...), through allauth.

- ``StrictOIDCAdapter`` verifies every ID token itself: the provider's discovery document must
  name the configured issuer, and the token's signature (against the provider's published keys),
  issuer, audience and expiry must hold. allauth would skip the signature of a token fetched over
  TLS, which the OpenID spec allows; we do not. Each refusal says what was wrong.
- ``SocialAccountAdapter``: the first sign-in makes the account (just in time) or signs in the
  account with the same verified email; an email the provider has not verified is refused.
- After every sign-in the groups claim is mapped to teams and roles (``groupmap``,
  ``receivers``).
"""

import json

import jwt
from allauth.account.internal.decorators import login_not_required
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404
from django.shortcuts import render


class SignInRefused(OAuth2Error):
    """A sign-in the site refuses; its message is shown to the person as it is."""


def _issuer(url):
    return (url or "").rstrip("/")


class StrictOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        """The ID token first (verified), then the userinfo it vouches for (same subject)."""
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise SignInRefused("Your identity provider sent no ID token: is the application set up for OpenID "
                                "Connect (the openid scope)?")
        data = {"id_token": self._decode_id_token(app, id_token)}
        if app.settings.get("fetch_userinfo", True):
            data["userinfo"] = self._fetch_user_info(token.token)
            if data["userinfo"].get("sub") != data["id_token"].get("sub"):
                raise SignInRefused("Your identity provider described another person than the one it signed in.")
        return self.get_provider().sociallogin_from_response(request, data)

    def _decode_id_token(self, app, id_token):
        configured = _issuer(app.settings.get("server_url"))
        announced = _issuer(self.openid_config.get("issuer"))
        if announced != configured:
            raise SignInRefused(f"The identity provider at {configured} says its issuer is {announced or 'missing'}: "
                                "the issuer must be the address Shiftready is configured with (OIDC_ISSUER).")
        try:
            header = jwt.get_unverified_header(id_token)
            key = self._signing_key(header)
            return jwt.decode(id_token, key=key, algorithms=[header.get("alg", "RS256")], issuer=configured,
                              audience=app.client_id, options={"require": ["exp", "iat", "iss", "aud", "sub"]})
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused("The sign-in token from your identity provider has expired: sign in again.") from exc
        except jwt.InvalidIssuerError as exc:
            raise SignInRefused(f"The sign-in token was not issued by {configured}, the identity provider Shiftready "
                                "trusts.") from exc
        except jwt.InvalidAudienceError as exc:
            raise SignInRefused("The sign-in token was issued for another application.") from exc
        except jwt.InvalidSignatureError as exc:
            raise SignInRefused("The sign-in token's signature does not match the keys your identity provider "
                                "publishes: it may have been altered.") from exc
        except jwt.PyJWTError as exc:
            raise SignInRefused(f"The sign-in token could not be verified ({exc}).") from exc

    def _signing_key(self, header):
        with get_adapter().get_requests_session() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            keys = response.json().get("keys", [])
        kid = header.get("kid")
        for data in keys:
            if kid is None or data.get("kid") == kid:
                return jwt.PyJWK.from_json(json.dumps(data), algorithm=header.get("alg")).key
        raise SignInRefused("The sign-in token was signed with a key your identity provider does not publish.")


@login_not_required
def login(request, provider_id):
    try:
        return OAuth2LoginView.adapter_view(StrictOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


@login_not_required
def callback(request, provider_id):
    try:
        return OAuth2CallbackView.adapter_view(StrictOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404 from exc


def is_configured():
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def refusal(request, message, status=403):
    return render(request, "socialaccount/authentication_error.html",
                  {"auth_error": {"message": message}}, status=status)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return is_configured()

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """A refused token says why; anything else keeps allauth's general page."""
        if isinstance(exception, SignInRefused):
            raise ImmediateHttpResponse(refusal(request, str(exception), status=401))

    def pre_social_login(self, request, sociallogin):
        """Refuse an email address the identity provider has not verified: it could be anyone's."""
        verified = [address for address in sociallogin.email_addresses if address.verified]
        if not verified:
            email = next((a.email for a in sociallogin.email_addresses), "")
            raise ImmediateHttpResponse(refusal(request, (
                f"Your identity provider has not verified the email address {email or '(none)'}. Shiftready "
                "signs people in only with a verified address: ask your IT team to verify it, then sign in again.")))

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.username and user.email:
            user.username = user.email.split("@")[0]
        return user
