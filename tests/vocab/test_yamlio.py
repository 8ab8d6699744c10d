"""`vocab.yamlio`: the C parser reads every bundled YAML file as PyYAML's safe loader does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from monazite.vocab.yamlio import YAMLError, load_yaml

SRC = Path(__file__).resolve().parents[2] / "src" / "monazite"


def test_same_documents_as_the_safe_loader():
    files = sorted(SRC.rglob("*.yaml"))
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path


def test_unsafe_tags_and_bad_syntax_are_refused():
    with pytest.raises(YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
    with pytest.raises(YAMLError):
        load_yaml("key: [unclosed")
