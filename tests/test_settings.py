"""Settings are declared once; the layers (file, env, overrides) apply in order; README documents each."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from monazite.errors import ConfigError
from monazite.settings import SPECS, Settings, load_settings, normalise_db_url

ROOT = Path(__file__).resolve().parent.parent


def test_every_field_is_declared_with_help_and_default() -> None:
    declared = {s.name: s for s in SPECS}
    assert set(declared) == {f.name for f in fields(Settings)}
    for f in fields(Settings):
        assert declared[f.name].default == f.default
        assert declared[f.name].help.strip()


def test_layers_apply_in_order(tmp_path: Path) -> None:
    cfg = tmp_path / "monazite.toml"
    cfg.write_text('[monazite]\nmax_file_bytes = 1000\nshare_tolerance_pct = 2.5\n', encoding="utf-8")
    s = load_settings(cfg, env={"MONAZITE_MAX_FILE_BYTES": "2000"}, db="x.db")
    assert s.max_file_bytes == 2000  # env beats file
    assert s.share_tolerance_pct == 2.5  # file beats default
    assert s.db == "x.db"  # explicit override beats all


def test_bad_values_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="max_file_bytes"):
        load_settings(env={"MONAZITE_MAX_FILE_BYTES": "lots"})
    with pytest.raises(ConfigError, match="semantic_search"):
        load_settings(env={"MONAZITE_SEMANTIC_SEARCH": "perhaps"})
    bad = tmp_path / "bad.toml"
    bad.write_text("[monazite\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(bad, env={})
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[monazite]\ncolour = 'red'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(unknown, env={})


def test_db_urls() -> None:
    assert normalise_db_url("kb.db") == "sqlite:///kb.db"
    assert normalise_db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_db_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_readme_documents_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SPECS if f"`{s.name}`" not in readme]
    assert missing == [], f"README does not document settings: {missing}"
