"""Extra vocabulary directories extend and override; invalid files are refused with reasons."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from monazite.errors import VocabularyError
from monazite.vocab import load_vocabulary


def _write(directory: Path, name: str, body: str) -> None:
    (directory / name).write_text(body, encoding="utf-8")


def test_extra_dir_extends_and_overrides(tmp_path: Path) -> None:
    _write(tmp_path, "organizations.yaml", """
organizations:
  - name: Qinling Magnet Works
    kind: company
    country: china
    aliases: [QMW]
  - name: MP Materials
    kind: company
    country: united-states
    aliases: [Mountain Pass operator]
""")
    vocab = load_vocabulary(tmp_path)
    assert vocab.resolve("QMW").id == "qinling-magnet-works"
    assert vocab.resolve("Mountain Pass operator").id == "mp-materials"
    assert vocab.resolve("NYSE: MP") is None  # the override replaced the bundled record
    assert vocab.resolve("CNRE").id == "china-northern-rare-earth"  # bundled records remain


def test_edited_file_is_reloaded(tmp_path: Path) -> None:
    _write(tmp_path, "organizations.yaml", "organizations:\n  - {name: Alpha Rare Metals, kind: company}\n")
    first = load_vocabulary(tmp_path)
    _write(tmp_path, "organizations.yaml",
           "organizations:\n  - {name: Alpha Rare Metals, kind: company, aliases: [ARM Co]}\n")
    os.utime(tmp_path / "organizations.yaml", ns=(1, 2_000_000_000_000_000_000))
    second = load_vocabulary(tmp_path)
    assert second is not first and second.resolve("ARM Co").id == "alpha-rare-metals"


@pytest.mark.parametrize(("filename", "body", "message"), [
    ("organizations.yaml", "organizations:\n  - {name: Foo Metals, kind: company, aliases: [Lynas]}\n",
     "also names"),
    ("organizations.yaml", "organizations:\n  - {name: Foo Metals, kind: company, parent: no-such-org}\n",
     "parent"),
    ("organizations.yaml", "organizations:\n  - {name: Foo Metals, kind: company, country: baogang-group}\n",
     "country"),
    ("organizations.yaml", "organizations:\n  - {name: Foo Metals, kind: spaceship}\n", "unknown kind"),
    ("stages.yaml", "stages:\n  - {name: mining, label: Mining, triggers: []}\n", "non-empty"),
    ("metrics.yaml", "metrics:\n  - {name: widgets, label: W, unit_kinds: [parsecs], triggers: [w]}\n",
     "unit_kinds"),
    ("events.yaml", "event_types:\n  - {name: Bad Name, label: B, triggers: [x]}\n", "snake_case"),
    ("relations.yaml", "relations:\n  - {subject: apple, predicate: partner, object: mp-materials}\n",
     "source"),
    ("organizations.yaml", "organizations: [\n", "unreadable"),
    ("discovery.yaml", "suffix_kinds: {Consortium: spaceship}\n", "not an organization kind"),
    ("discovery.yaml", "leading_noise: [The, On]\n", "not words"),
])
def test_invalid_files_are_refused(tmp_path: Path, filename: str, body: str, message: str) -> None:
    _write(tmp_path, filename, body)
    with pytest.raises(VocabularyError) as info:
        load_vocabulary(tmp_path)
    assert message in str(info.value)
    assert filename.split(".")[0] in str(info.value) or "Foo Metals" in str(info.value) or "foo" in str(info.value)


def test_ambiguous_alias_is_allowed_and_resolved_by_kind(tmp_path: Path) -> None:
    _write(tmp_path, "organizations.yaml", """
organizations:
  - {name: Georgia Rare Earths, kind: company, aliases: [{text: Georgia, ambiguous: true}]}
""")
    _write(tmp_path, "countries.yaml", """
countries:
  - {name: Georgia, aliases: [{text: Georgia, ambiguous: true}]}
""")
    vocab = load_vocabulary(tmp_path)
    assert vocab.resolve("Georgia").kind == "company"  # organizations outrank places


def test_missing_extra_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError):
        load_vocabulary(tmp_path / "absent")


def test_discovery_lexicon_is_data(tmp_path: Path) -> None:
    from monazite.extract.mentions import find_mentions

    text = "Officials of the Qinling Lanthanide Consortium said output rose."
    assert find_mentions(text, load_vocabulary()).entities == []
    bundled = (Path(load_vocabulary().directories[0]) / "discovery.yaml").read_text(encoding="utf-8")
    _write(tmp_path, "discovery.yaml", bundled.replace("suffix_kinds:\n", "suffix_kinds:\n  Consortium: company\n"))
    found = find_mentions(text, load_vocabulary(tmp_path)).entities
    assert [(e.name, e.kind) for e in found] == [("Qinling Lanthanide Consortium", "company")]
