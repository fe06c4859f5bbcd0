"""The run's network guard (tests/netguard.py) holds: no DNS lookup, no connection but loopback."""

import socket

import pytest


def test_names_are_not_looked_up_and_only_loopback_connects():
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("hooks.example.com", 443)
    for address in ("10.0.0.1", "93.184.215.14"):
        sock = socket.socket()
        with pytest.raises(OSError, match="127.0.0.1 only"):
            sock.connect((address, 80))
        sock.close()
    assert {info[4][0] for info in socket.getaddrinfo("localhost", 80, family=socket.AF_INET)} == {"127.0.0.1"}
