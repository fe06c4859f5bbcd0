import pytest

from training.site import security


@pytest.fixture
def clock(monkeypatch):
    """Move the session policy's clock: ``clock.advance(minutes=31)``."""

    class Clock:
        def __init__(self):
            self.offset = 0.0
            real = security._now
            monkeypatch.setattr(security, "_now", lambda: real() + self.offset)

        def advance(self, *, minutes=0, hours=0):
            self.offset += minutes * 60 + hours * 3600

    return Clock()
