"""Alert channels, registered by name: ``email`` (SMTP), ``webhook`` (JSON POST), ``file``
(JSON Lines). The built-in channels register here through ``register_channel``, the same
call an outside channel uses; a watchlist names its channels and targets, and
``monazite deliver`` looks each up by name when it sends."""

from __future__ import annotations

from monazite.deliver.channels import file, mail, webhook
from monazite.deliver.channels.base import Channel, DeliveryError
from monazite.deliver.channels.message import AlertMessage
from monazite.errors import NotFound

__all__ = ["AlertMessage", "Channel", "DeliveryError", "channel_names", "get_channel", "register_channel"]

_CHANNELS: dict[str, Channel] = {}


def register_channel(channel: Channel) -> None:
    """Make ``channel`` available by its name; a second channel with a taken name is refused."""
    if channel.name in _CHANNELS and _CHANNELS[channel.name] is not channel:
        raise ValueError(f"an alert channel named {channel.name!r} is already registered")
    _CHANNELS[channel.name] = channel


def get_channel(name: str) -> Channel:
    try:
        return _CHANNELS[name]
    except KeyError:
        raise NotFound(f"no alert channel named {name!r}; one of {', '.join(channel_names())}") from None


def channel_names() -> list[str]:
    return sorted(_CHANNELS)


for _builtin in (mail.CHANNEL, webhook.CHANNEL, file.CHANNEL):
    register_channel(_builtin)
