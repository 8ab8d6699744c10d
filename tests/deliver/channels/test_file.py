"""The file channel: one JSON line per alert, appended."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from monazite.deliver.channels import AlertMessage, channel_names, get_channel
from monazite.errors import MonaziteError, NotFound
from monazite.settings import Settings


def _message(alert_id: int) -> AlertMessage:
    return AlertMessage(alert_id=alert_id, watchlist="w", kind="match", priority="low", score=1.0, reason="r",
                        document_id="doc_1", title="Tb — “quoted”", published=None, origin=None,
                        created_at=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))


def test_appends_one_json_line_per_alert(tmp_path: Path) -> None:
    target = get_channel("file").check(str(tmp_path / "out" / "alerts.jsonl"))
    for alert_id in (1, 2):
        get_channel("file").send(_message(alert_id), target, Settings())
    lines = [json.loads(line) for line in Path(target).read_text(encoding="utf-8").splitlines()]
    assert [x["id"] for x in lines] == ["monazite-alert-1", "monazite-alert-2"]
    assert lines[0]["document"]["title"] == "Tb — “quoted”"


def test_registry_names_the_built_in_channels(tmp_path: Path) -> None:
    assert channel_names() == ["email", "file", "webhook"]
    with pytest.raises(NotFound, match="no alert channel named 'pager'"):
        get_channel("pager")
    with pytest.raises(MonaziteError, match="folder"):
        get_channel("file").check(str(tmp_path))
