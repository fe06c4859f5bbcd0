"""The one way a webhook leaves the server: a POST to an address checked first.

``destination`` takes a URL apart and resolves its host; ``check_addresses`` (a pure function of
the resolved addresses, no network) refuses loopback, private, link-local, shared (100.64/10),
reserved, multicast and unspecified addresses unless ``WEBHOOK_ALLOW_PRIVATE`` is on, and
``check_url`` refuses plain http when ``WEBHOOK_REQUIRE_HTTPS`` is on. ``post`` then connects to
the checked address itself (a DNS answer that changes between the check and the connection cannot
send the request elsewhere), follows no redirect, waits ``WEBHOOK_TIMEOUT_SECONDS`` at most for
each step and reads at most ``MAX_RESPONSE_BYTES`` of the answer."""

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

MAX_RESPONSE_BYTES = 4096
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class Refused(Exception):
    """The URL or its address may not be called."""


@dataclass
class Answer:
    status: int
    excerpt: str
    duration_ms: int


@dataclass
class Destination:
    scheme: str
    host: str
    port: int
    target: str  # path and query
    addresses: list


def check_url(url):
    """``(scheme, host, port, target)`` of a URL a webhook may be sent to, or ``Refused``."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise Refused(f"This is not a valid URL: {exc}.") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("The URL must start with https:// and name a host.")
    if parts.scheme == "http" and settings.WEBHOOK_REQUIRE_HTTPS:
        raise Refused("The URL must use https://.")
    if parts.username or parts.password:
        raise Refused("Leave the user name and password out of the URL.")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), target


def where(url):
    """A URL without its path, for the audit log and emails: a chat webhook's path is its secret."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…"


def _embedded_ipv4(address):
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), or None."""
    if address.version != 6:
        return None
    if address.ipv4_mapped or address.sixtofour:
        return address.ipv4_mapped or address.sixtofour
    if any(address in network for network in NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address):
    address = ipaddress.ip_address(address)
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return is_public(embedded)
    if address.version == 6 and address.teredo:
        return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


def check_addresses(addresses, *, allow_private):
    """Refuse unless every address may be called. Pure: no lookup, no connection."""
    if not addresses:
        raise Refused("The host has no address.")
    for text in addresses:
        address = ipaddress.ip_address(text)
        if address.is_unspecified or address.is_multicast:
            raise Refused(f"The host resolves to {text}, which cannot receive webhooks.")
        if not allow_private and not is_public(address):
            raise Refused(f"The host resolves to {text}, a loopback, private or link-local address: "
                          "webhooks go to public addresses only (WEBHOOK_ALLOW_PRIVATE).")


def resolve(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(f"The host {host} cannot be resolved.") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def destination(url):
    """Check ``url`` and the addresses its host resolves to; the checked destination."""
    scheme, host, port, target = check_url(url)
    addresses = resolve(host, port)
    check_addresses(addresses, allow_private=settings.WEBHOOK_ALLOW_PRIVATE)
    return Destination(scheme, host, port, target, addresses)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to ``address`` (checked) while the request names ``host``."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(_PinnedHTTPConnection):
    default_port = http.client.HTTPS_PORT

    def connect(self):
        super().connect()
        # The certificate must be valid for the host named in the URL.
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


def post(url, body, headers):
    """POST ``body`` (bytes) to ``url`` after the checks; the answer, whatever its status.
    Raises ``Refused``, or ``OSError`` / ``http.client.HTTPException`` when the receiver fails."""
    where = destination(url)
    connection_class = _PinnedHTTPSConnection if where.scheme == "https" else _PinnedHTTPConnection
    started = time.monotonic()
    error = None
    for address in where.addresses:
        connection = connection_class(where.host, where.port, address=address,
                                      timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
        try:
            connection.request("POST", where.target, body=body, headers=headers)
            response = connection.getresponse()
            excerpt = response.read(MAX_RESPONSE_BYTES).decode("utf-8", "replace")
            return Answer(response.status, excerpt[:500], int((time.monotonic() - started) * 1000))
        except ConnectionRefusedError as exc:  # the next address may answer
            error = exc
        finally:
            connection.close()
    raise error
