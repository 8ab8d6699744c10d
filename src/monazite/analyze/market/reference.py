"""Reference datasets: the public figures analyses compare extracted claims against.

The bundled CSVs travel inside the package (``monazite/data/reference``) with a manifest
naming each file's shape, edition and sources, so every number an analysis derives from
them can cite a dataset and a row URL. Analysts add their own CSVs through the
``reference_dir`` setting; a user file must meet one of the declared shapes' column
contracts, and analyses read every dataset of a shape, bundled or added.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from monazite.errors import ConfigError, NotFound
from monazite.model import slugify
from monazite.settings import Settings
from monazite.vocab.yamlio import YAMLError, load_yaml

__all__ = [
    "BUNDLED_DIR", "ReferenceDataset", "country_id", "datasets_of_shape", "list_datasets",
    "load_dataset", "manifest",
]

BUNDLED_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
MANIFEST_NAME = "datasets.yaml"


@dataclass
class ReferenceDataset:
    """One CSV with what it holds, which edition, and where its figures come from."""

    name: str
    file: str
    shape: str
    description: str
    version: str
    sources: list[str]
    licence: str = ""
    origin: str = "bundled"  # bundled | user
    columns: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)  # shape-specific extras (editions)
    path: Path | None = None
    frame: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def to_dict(self, rows: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name, "file": self.file, "shape": self.shape, "origin": self.origin,
            "description": self.description, "version": self.version, "sources": self.sources,
            "licence": self.licence, "columns": self.columns, "caveats": self.caveats,
            "rows": int(len(self.frame)),
        }
        if rows:
            d["data"] = self.frame.astype(object).where(self.frame.notna(), None).to_dict(orient="records")
        return d


@functools.lru_cache(maxsize=4)
def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read reference manifest: {exc}") from exc
    if not isinstance(data, dict) or "shapes" not in data:
        raise ConfigError(f"{path}: reference manifest lacks a 'shapes' section")
    return data


def manifest() -> dict[str, Any]:
    """The bundled manifest: shapes, datasets, country id map."""
    return _read_manifest(BUNDLED_DIR / MANIFEST_NAME)


def country_id(name: str) -> str:
    """Entity id for a country as a reference file names it ('Burma' -> 'myanmar')."""
    ids = manifest().get("country_ids", {})
    return ids.get(name.strip(), slugify(name))


def _read_csv(path: Path) -> pd.DataFrame:
    # Every column is read as text: cells such as ">90000000" or "2020-2023" must survive
    # as published; analyses convert the columns they compute with.
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ConfigError(f"{path}: cannot read reference CSV: {exc}") from exc


def _check_columns(path: Path, frame: pd.DataFrame, shape: str) -> None:
    spec = manifest()["shapes"].get(shape)
    if spec is None:
        raise ConfigError(f"{path}: unknown reference shape {shape!r}; known: {sorted(manifest()['shapes'])}")
    missing = [c for c in spec["required"] if c not in frame.columns]
    if missing:
        raise ConfigError(f"{path}: shape {shape!r} requires columns {spec['required']}; missing {missing}")


def _infer_shape(path: Path, frame: pd.DataFrame) -> str:
    shapes = manifest()["shapes"]
    for name, spec in shapes.items():
        if all(c in frame.columns for c in spec["required"]):
            return name
    wanted = "; ".join(f"{n}: {', '.join(s['required'])}" for n, s in shapes.items())
    raise ConfigError(
        f"{path}: columns {list(frame.columns)} match no reference shape. Required columns per shape: {wanted}")


@lru_cache(maxsize=1)
def _bundled() -> tuple[ReferenceDataset, ...]:
    """The packaged datasets, read and checked once per process: the folder ships with the
    package and never changes while it runs. Callers only read the frames."""
    out = []
    for entry in manifest()["datasets"]:
        path = BUNDLED_DIR / entry["file"]
        frame = _read_csv(path)
        _check_columns(path, frame, entry["shape"])
        options = {k: entry[k] for k in ("editions", "default_edition") if k in entry}
        out.append(ReferenceDataset(
            name=entry["name"], file=entry["file"], shape=entry["shape"],
            description=" ".join(str(entry.get("description", "")).split()),
            version=str(entry.get("version", "")), sources=list(entry.get("sources", [])),
            licence=str(entry.get("licence", "")), caveats=list(entry.get("caveats", [])),
            columns=list(frame.columns), options=options, path=path, frame=frame))
    return tuple(out)


def _user(reference_dir: str) -> tuple[ReferenceDataset, ...]:
    """CSVs in the user's folder; re-read only when a file in it is added, removed or changed."""
    folder = Path(reference_dir).expanduser()
    if not folder.is_dir():
        raise ConfigError(f"reference_dir {folder} is not a folder")
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                  for p in sorted(folder.iterdir()) if p.suffix in (".csv", ".yaml"))
    return _read_user(str(folder), stamp)


@lru_cache(maxsize=8)
def _read_user(reference_dir: str, _stamp: tuple) -> tuple[ReferenceDataset, ...]:
    """CSVs in the user's folder; an optional ``datasets.yaml`` there may name shapes and sources."""
    folder = Path(reference_dir)
    described: dict[str, dict[str, Any]] = {}
    user_manifest = folder / MANIFEST_NAME
    if user_manifest.is_file():
        try:
            data = load_yaml(user_manifest.read_text(encoding="utf-8")) or {}
        except YAMLError as exc:
            raise ConfigError(f"{user_manifest}: {exc}") from exc
        described = {d["file"]: d for d in data.get("datasets", []) if isinstance(d, dict) and "file" in d}
    out = []
    for path in sorted(folder.glob("*.csv")):
        entry = described.get(path.name, {})
        frame = _read_csv(path)
        shape = entry.get("shape") or _infer_shape(path, frame)
        _check_columns(path, frame, shape)
        urls = sorted({u for u in frame.get("source_url", pd.Series(dtype=str)).dropna()})
        out.append(ReferenceDataset(
            name=entry.get("name", path.stem), file=path.name, shape=shape,
            description=entry.get("description", f"User reference data from {path}"),
            version=str(entry.get("version", "user")), sources=list(entry.get("sources", urls)),
            licence=entry.get("licence", ""), origin="user", columns=list(frame.columns),
            path=path, frame=frame))
    return tuple(out)


def list_datasets(settings: Settings | None = None) -> list[ReferenceDataset]:
    """Bundled datasets, then the user's (``settings.reference_dir``); names must be unique."""
    settings = settings or Settings()
    found = list(_bundled())
    if settings.reference_dir:
        taken = {d.name for d in found}
        for ds in _user(settings.reference_dir):
            if ds.name in taken:
                raise ConfigError(f"user reference dataset {ds.name!r} ({ds.path}) clashes with a bundled name")
            taken.add(ds.name)
            found.append(ds)
    return found


def load_dataset(name: str, settings: Settings | None = None) -> ReferenceDataset:
    found = list_datasets(settings)
    for ds in found:
        if ds.name == name:
            return ds
    names = ", ".join(d.name for d in found)
    raise NotFound(f"no reference dataset named {name!r}; available: {names}")


def datasets_of_shape(shape: str, settings: Settings | None = None) -> list[ReferenceDataset]:
    return [d for d in list_datasets(settings) if d.shape == shape]
