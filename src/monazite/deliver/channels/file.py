"""File: each alert appended to a file as one JSON line (``id`` is the alert's key), flushed
to disk before the delivery counts as sent."""

from __future__ import annotations

import json
import os
from pathlib import Path

from monazite.deliver.channels.base import Channel, DeliveryError
from monazite.deliver.channels.message import AlertMessage
from monazite.errors import MonaziteError
from monazite.settings import Settings

__all__ = ["CHANNEL", "append_line", "check_path"]


def check_path(value: str) -> str:
    """An absolute path to a file (a relative one is made absolute: ``deliver`` may run elsewhere)."""
    value = (value or "").strip()
    if not value:
        raise MonaziteError("a file channel needs a path")
    path = Path(value).expanduser().absolute()
    if path.is_dir():
        raise MonaziteError(f"{path} is a folder; the file channel needs a file path")
    return str(path)


def append_line(path: str, record: dict) -> None:
    line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise DeliveryError(f"cannot append to {path}: {exc}") from exc


def _send(message: AlertMessage, target: str, settings: Settings) -> None:
    append_line(target, message.to_json())


CHANNEL = Channel(name="file", help="a file path; each alert is appended as one JSON line",
                  check=check_path, send=_send)
