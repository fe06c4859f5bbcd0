"""Tests talk to 127.0.0.1 only: no name is looked up in the DNS (only ``localhost`` and address
literals resolve, without a packet) and no socket connects anywhere but the loopback address.
Installed for the whole run by tests/conftest.py, so that a bug in the code under test (a webhook
guard that let a private address through, a schemathesis-made URL) fails a test instead of
sending a packet. What the code does with the refusal is what it would do with an unknown name."""

import ipaddress
import socket

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkRefused(OSError):
    pass


def _is_literal(host):
    try:
        ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    return True


def _is_loopback(address):
    try:
        return ipaddress.ip_address(str(address).split("%")[0]).is_loopback
    except ValueError:
        return False


def install():
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):
        if host is None or _is_literal(host) or str(host).lower().rstrip(".") in LOCAL_NAMES:
            return real_getaddrinfo(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, f"tests do not look names up in the DNS: {host}")

    def check(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
            raise NetworkRefused(f"tests connect to 127.0.0.1 only, not to {address[0]}")

    def connect(self, address):
        check(self, address)
        return real_connect(self, address)

    def connect_ex(self, address):
        check(self, address)
        return real_connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
