"""Reference datasets: bundled with provenance, extendable by a user folder with validated shapes."""

from __future__ import annotations

from pathlib import Path

import pytest

from monazite.analyze.market.concentration import market_shares
from monazite.analyze.market.reference import BUNDLED_DIR, country_id, list_datasets, load_dataset
from monazite.errors import ConfigError, NotFound
from monazite.settings import Settings

BUNDLED = {"usgs-production", "stage-shares", "export-controls", "prices", "criticality-eu", "company-facts"}


def test_bundled_datasets_carry_shape_version_and_sources() -> None:
    found = {d.name: d for d in list_datasets(Settings())}
    assert set(found) == BUNDLED
    for ds in found.values():
        assert ds.sources and ds.version and ds.origin == "bundled"
        assert ds.path is not None and ds.path.parent == BUNDLED_DIR
        assert len(ds.frame) > 0 and "source_url" in ds.columns
    assert len(found["usgs-production"].frame) == 48  # the README's row count
    assert len(found["export-controls"].frame) == 17


def test_bundled_copy_keeps_cells_as_published() -> None:
    usgs = load_dataset("usgs-production").frame
    world_2024 = usgs[(usgs.country == "World") & (usgs.year == "2024")].iloc[0]
    assert world_2024.reserves_t_reo == ">90000000"  # not coerced to a number


def test_unknown_dataset_is_not_found() -> None:
    with pytest.raises(NotFound, match="usgs-production"):
        load_dataset("usgs-2099")


def test_user_csv_in_a_known_shape_is_listed_and_used(tmp_path: Path, fixtures_dir: Path) -> None:
    (tmp_path / "usgs_2019.csv").write_text((fixtures_dir / "analytics" / "user_production.csv").read_text())
    settings = Settings(reference_dir=str(tmp_path))
    user = load_dataset("usgs_2019", settings)
    assert user.origin == "user" and user.shape == "production"
    assert user.sources == ["https://pubs.usgs.gov/periodicals/mcs2020/mcs2020-rare-earths.pdf"]
    result = market_shares("mining", year=2019, settings=settings)
    assert result.share_of("China") == pytest.approx(100 * 132_000 / 210_000, abs=0.01)  # 62.86 %


def test_user_csv_missing_columns_is_refused_with_the_contract(tmp_path: Path) -> None:
    (tmp_path / "broken.csv").write_text("country,tonnes\nChina,1\n")
    with pytest.raises(ConfigError, match=r"broken.csv.*match no reference shape.*production: country, year"):
        list_datasets(Settings(reference_dir=str(tmp_path)))


def test_user_manifest_shape_is_checked(tmp_path: Path) -> None:
    (tmp_path / "controls.csv").write_text("date,jurisdiction\n2025,China\n")
    (tmp_path / "datasets.yaml").write_text("datasets:\n  - {file: controls.csv, shape: export_controls}\n")
    with pytest.raises(ConfigError, match=r"missing \['measure', 'materials', 'scope', 'source_url'\]"):
        list_datasets(Settings(reference_dir=str(tmp_path)))


def test_user_dataset_may_not_shadow_a_bundled_one(tmp_path: Path, fixtures_dir: Path) -> None:
    (tmp_path / "prices.csv").write_text("date,material,price,unit,market,source_url\n2024,Dy,1,USD/kg,x,http://x\n")
    with pytest.raises(ConfigError, match="clashes"):
        list_datasets(Settings(reference_dir=str(tmp_path)))


def test_country_names_map_to_vocabulary_ids() -> None:
    assert country_id("Burma") == "myanmar"
    assert country_id("United States") == "united-states"
