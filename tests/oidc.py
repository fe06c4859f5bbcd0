"""A real OpenID provider for the tests (oidc-provider-mock: discovery, JWKS, signed ID tokens),
served on 127.0.0.1 in a thread, with a switch that alters what it publishes, to prove the
refusals: another signing key in its JWKS (a bad signature) or another issuer in its discovery."""

import json
import re
import threading
from datetime import timedelta
from urllib.parse import urlsplit

import jwt
import requests
import werkzeug.serving
from cryptography.hazmat.primitives.asymmetric import rsa
from oidc_provider_mock import app as provider_app
from werkzeug.wrappers import Response

CLIENT_ID, CLIENT_SECRET = "shiftready-tests", "not-a-secret"


class Tampering:
    """WSGI middleware in front of the provider: ``forge_keys`` serves a JWKS with another key
    under the same key id; ``issuer`` replaces the issuer its discovery document names."""

    def __init__(self, app):
        self.app, self.forge_keys, self.issuer = app, False, None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/jwks" and self.forge_keys:
            real = Response.from_app(self.app, environ).get_json()
            other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
            key = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(other))
            key["kid"] = real["keys"][0]["kid"]
            return Response(json.dumps({"keys": [key]}), content_type="application/json")(environ, start_response)
        if path.startswith("/oauth2/authorize"):
            # Its page names a stylesheet on a CDN: the tests reach nothing but 127.0.0.1.
            response = Response.from_app(self.app, environ)
            if response.mimetype == "text/html":
                response.set_data(re.sub(rb"<link[^>]*cdn[^>]*/>", b"", response.get_data()))
            return response(environ, start_response)
        if path == "/.well-known/openid-configuration" and self.issuer:
            document = Response.from_app(self.app, environ).get_json()
            document["issuer"] = self.issuer
            return Response(json.dumps(document), content_type="application/json")(environ, start_response)
        return self.app(environ, start_response)


class Provider:
    def __init__(self, *, token_max_age=timedelta(hours=1)):
        self.tampering = Tampering(provider_app(access_token_max_age=token_max_age))
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.tampering, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def set_user(self, sub, **claims):
        response = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text

    def authorize(self, authorize_url, sub):
        """What a person does on the provider's page: sign in as ``sub``; returns the URL the
        provider sends the browser back to (our callback, with the code)."""
        assert authorize_url.startswith(self.url), authorize_url
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


def sso_settings(settings, provider, *, group_map=None, label="Company SSO", only=False):
    """Point the site at ``provider`` (the ``settings`` fixture undoes it after the test)."""
    settings.OIDC_ISSUER, settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = provider.url, CLIENT_ID, CLIENT_SECRET
    settings.OIDC_LABEL, settings.OIDC_ONLY = label, only
    settings.OIDC_GROUP_MAP = json.dumps(group_map or {})
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [{
        "provider_id": "sso", "name": label, "client_id": CLIENT_ID, "secret": CLIENT_SECRET,
        "settings": {"server_url": provider.url, "token_auth_method": "client_secret_post"},
    }]}}


def sign_in(client, provider, sub):
    """Sign in through the provider with the Django test client; the response of our callback."""
    start = client.post("/accounts/oidc/sso/login/")
    assert start.status_code == 302, start.content[:500]
    back = urlsplit(provider.authorize(start["Location"], sub))
    return client.get(f"{back.path}?{back.query}")
