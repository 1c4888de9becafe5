#!/usr/bin/env bash
# Install everything pingan needs on a Debian machine; safe to run again.
#   - Debian packages (when root): Chromium and CJK fonts (Noto CJK; LXGW WenKai as
#     楷体) for PDFs and browser tests, poppler-utils for PDF checks, Node/npm for the offline-search shim
#   - a virtualenv in .venv with pingan and its pinned Python dependencies
#   - npm packages from package-lock.json into node_modules/
# Each step is skipped when its inputs have not changed since the last run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STAMPS="$ROOT/.setup-stamps"
mkdir -p "$STAMPS"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fonts="$(fc-list : family 2>/dev/null || true)"
[[ "$fonts" == *"Noto Sans CJK"* ]] || missing+=(fonts-noto-cjk)
[[ "$fonts" == *"LXGW WenKai"* ]] || missing+=(fonts-lxgw-wenkai)  # 楷体 for official PDFs
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# python3-venv only matters while .venv has no pip yet (skipping the check keeps re-runs quick).
[ -x .venv/bin/pip ] || python3 -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
# Free TrueType faces for printing (docs/printing.md «字体»): cwTeX 仿宋/明/粗黑 for Traditional
# documents, AR PL UMing as the last resort for rare characters.
[[ "$fonts" == *"cwTeXFangSong"* ]] || missing+=(fonts-cwtex-fs)
[[ "$fonts" == *"cwTeXMing"* ]] || missing+=(fonts-cwtex-ming)
[[ "$fonts" == *"cwTeXHeiBold"* ]] || missing+=(fonts-cwtex-heib)
[[ "$fonts" == *"AR PL UMing"* ]] || missing+=(fonts-arphic-uming)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "安装系统软件包：${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    say "缺少系统软件包：${missing[*]}（非 root，请让管理员执行 apt-get install ${missing[*]}）"
  fi
fi

# FandolFang (仿宋), FandolSong, FandolHei: TeX Live's free Chinese faces, the only free Simplified
# 仿宋 Debian ships. Without recommends: they would pull in all of CJK LaTeX.
FANDOL=/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
if [ ! -f "$FANDOL" ] && [ "$(id -u)" = 0 ]; then
  say "安装打印用的免费字体：texlive-lang-chinese（Fandol 仿宋、宋体、黑体）"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends texlive-lang-chinese >/dev/null
elif [ ! -f "$FANDOL" ]; then
  say "缺少打印字体：texlive-lang-chinese（非 root，请让管理员执行 apt-get install --no-install-recommends texlive-lang-chinese）"
fi

# --- Python virtualenv --------------------------------------------------------------
# A .venv without pip is a half-made one (python3-venv was missing then): make it again.
if [ ! -x .venv/bin/pip ]; then
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "pingan 需要 Python 3.11 或更新版本（当前：$(python3 --version 2>&1)）" >&2
    exit 1
  fi
  say "创建虚拟环境 .venv"
  python3 -m venv --clear .venv
  rm -f "$STAMPS/pip"
fi
pyhash="$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ "$(cat "$STAMPS/pip" 2>/dev/null)" != "$pyhash" ]; then
  say "安装 Python 依赖（pyproject.toml）"
  if ! .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]" \
      > "$STAMPS/pip.log" 2>&1; then
    cat "$STAMPS/pip.log" >&2
    exit 1
  fi
  echo "$pyhash" > "$STAMPS/pip"
fi

# --- print fonts: the free CFF faces converted to TrueType outlines once (~/.cache/pingan/fonts) ----
fonthash="$(ls -l /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol 2>/dev/null; cat generator/printing/fonts.py)"
fonthash="$(printf '%s' "$fonthash" | sha256sum | cut -c1-16)"
if [ "$(cat "$STAMPS/fonts" 2>/dev/null)" != "$fonthash" ]; then
  say "准备打印字体（首次约需几分钟）"
  .venv/bin/python -c "from generator.printing.fonts import main; main()"
  echo "$fonthash" > "$STAMPS/fonts"
fi

# --- npm packages (the iframe-worker shim for offline search) --------------------------
npmhash="$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
if [ ! -f node_modules/iframe-worker/shim/index.js ] || [ "$(cat "$STAMPS/npm" 2>/dev/null)" != "$npmhash" ]; then
  say "安装 npm 依赖（package-lock.json）"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$npmhash" > "$STAMPS/npm"
fi
