#!/usr/bin/env bash
# Regenerates the initial Alembic revision from store/schema.py. Used only before the
# first release, while no deployed database carries revision 0001; after that, add a
# new revision with `alembic revision --autogenerate` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f src/monazite/store/migrations/versions/0001_*.py
tmp=$(mktemp -d)
# Later hand-written revisions (0002_fulltext...) revise 0001: park them while 0001 is rebuilt.
mkdir -p "$tmp/later"
find src/monazite/store/migrations/versions -maxdepth 1 -name '0*.py' -exec mv {} "$tmp/later/" \;
trap 'mv "$tmp"/later/*.py src/monazite/store/migrations/versions/ 2>/dev/null || true; rm -rf "$tmp"' EXIT
.venv/bin/python - "$tmp/mig.db" <<'PY'
import sys
from alembic import command
from monazite.store.engine import create_engine, alembic_config
cfg = alembic_config(create_engine(sys.argv[1]))
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
f=$(ls src/monazite/store/migrations/versions/0001_*.py)
# SQLite renders boolean server defaults as text('1'); PostgreSQL needs a real boolean.
sed -i "s/server_default=sa.text('1')/server_default=sa.true()/; s/server_default=sa.text('0')/server_default=sa.false()/; /please adjust/d; /^Create Date/d" "$f"
echo "regenerated $f"
