#!/usr/bin/env bash
# Set up (if needed), then build the demo from the example content: printable files,
# the team site (with demo attendance and quiz records) and the public site.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
PINGAN="$ROOT/.venv/bin/pingan"
# Demo records once (records/ is git-ignored), so the team site shows its 台账统计 pages.
[ -f "$ROOT/records/pingan.db" ] || "$PINGAN" -C "$ROOT" demo-records --members 30 --months 12
exec "$PINGAN" build "$ROOT"
