#!/usr/bin/env bash
# Set up (if needed), then build the demo sites from the example content.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
exec "$ROOT/.venv/bin/pingan" build "$ROOT"
