"""Building the CLI imports nothing heavy; heavy libraries load only in the commands that use
them (start-up time itself is measured by bench/bench_cli.py, not asserted here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from monazite.deliver.cli import choices

# Libraries that cost tenths of a second or more to import.
HEAVY = ("torch", "sentence_transformers", "transformers", "pandas", "scipy", "networkx", "matplotlib",
         "fastapi", "sqlalchemy", "alembic", "dask", "pyarrow", "markdown_it", "trafilatura")
# Still too heavy for `monazite search`, which needs the store (SQLAlchemy) and numpy, not Alembic.
HEAVY_FOR_SEARCH = ("torch", "sentence_transformers", "transformers", "pandas", "scipy", "networkx", "alembic",
                    "matplotlib", "fastapi", "dask", "pyarrow", "trafilatura")


def _loaded_after(code: str) -> list[str]:
    probe = (f"import sys, json\n{code}\n"
             f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_building_every_command_imports_nothing_heavy() -> None:
    loaded = _loaded_after("import monazite.deliver.cli as cli\ncli._load_commands()")
    assert not set(loaded) & set(HEAVY)


def test_help_imports_nothing_heavy() -> None:
    code = ("import monazite.deliver.cli as cli\nsys.argv = ['monazite', '--help']\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass")
    assert not set(_loaded_after(code)) & set(HEAVY)


def test_search_with_the_static_model_loads_no_neural_network(tmp_path: Path) -> None:
    from monazite.pipeline.indexing import index_embeddings
    from monazite.settings import Settings
    from monazite.store.engine import open_store
    from tests.pipeline.test_indexing import _add

    db = f"sqlite:///{tmp_path / 'kb.db'}"
    engine = open_store(db)
    _add(engine, "doc_1", "China adds terbium and dysprosium to its export control list.")
    assert index_embeddings(engine, Settings(db=db, embedding_model="static-minilm-256")) == 1
    engine.dispose()
    code = ("import monazite.deliver.cli as cli, os\n"
            "os.environ['MONAZITE_EMBEDDING_MODEL'] = 'static-minilm-256'\n"
            f"sys.argv = ['monazite', '--db', {db!r}, 'search', 'curbs on terbium shipments', '--json']\n"
            "try:\n    cli.main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code")
    loaded = _loaded_after(code)
    assert "tokenizers" in loaded  # the static model did run
    assert not set(loaded) & set(HEAVY_FOR_SEARCH)


def test_the_cli_copies_of_choices_match_their_sources() -> None:
    from monazite.analyze.claims.build import CLAIM_STATUSES
    from monazite.deliver.digest.render import DIGEST_FORMATS
    from monazite.deliver.exports import EXPORT_FORMATS
    from monazite.store.deliveries import DELIVERY_STATUSES

    assert choices.CLAIM_STATUSES == CLAIM_STATUSES
    assert choices.DELIVERY_STATUSES == DELIVERY_STATUSES
    assert choices.DIGEST_FORMATS == DIGEST_FORMATS
    assert choices.EXPORT_FORMATS == EXPORT_FORMATS


def test_opening_an_up_to_date_store_needs_no_alembic(tmp_path: Path) -> None:
    from monazite.store.engine import _newest_revision, head_revision, open_store

    db = f"sqlite:///{tmp_path / 'kb.db'}"
    engine = open_store(db)  # a new store: migrated by Alembic
    assert _newest_revision() == head_revision(engine)
    engine.dispose()
    loaded = _loaded_after(f"from monazite.store.engine import open_store\nopen_store({db!r}).dispose()")
    assert "alembic" not in loaded
