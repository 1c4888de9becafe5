#!/usr/bin/env bash
# Set up (if needed), then lint and run the whole test suite (browser tests included).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
cd "$ROOT"
.venv/bin/ruff check generator tests bench
exec .venv/bin/python -m pytest -n 2 -q "$@"
