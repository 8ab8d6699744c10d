"""What every alert channel is: a name, a check of its target, and a send that succeeds or
raises ``DeliveryError`` (permanent when retrying cannot help)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from monazite.deliver.channels.message import AlertMessage
from monazite.errors import MonaziteError
from monazite.settings import Settings

__all__ = ["Channel", "DeliveryError"]


class DeliveryError(MonaziteError):
    """One attempt failed; ``permanent`` when a retry would fail the same way (a refused
    address, a 4xx answer, a host the SSRF rules forbid)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Channel:
    """An alert channel. ``check`` normalises a target typed at ``watch add`` or raises
    ``MonaziteError`` saying what is wrong; ``send`` delivers one alert to one target."""

    name: str
    help: str
    check: Callable[[str], str]
    send: Callable[[AlertMessage, str, Settings], None]
