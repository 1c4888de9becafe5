#!/usr/bin/env bash
# Set up (if needed), then lint and run the whole test suite (browser tests included).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
.venv/bin/ruff check generator tests bench

# A real PostgreSQL server for the records tests (they also run on SQLite).
if pg="$(bash scripts/postgres.sh)" && [ -n "$pg" ]; then
  export PINGAN_TEST_POSTGRES_URL="${pg%% *}"
  trap 'bash scripts/postgres.sh stop "${pg##* }"' EXIT
fi
.venv/bin/python -m pytest -n 2 -q "$@"
