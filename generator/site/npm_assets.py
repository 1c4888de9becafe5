"""Find browser files that npm installed (never committed; copied into sites at build time).

``scripts/setup.sh`` runs ``npm ci`` in the repository, so packages land in
``<repo>/node_modules``. A deployment elsewhere can point at any folder holding
the packages with ``PINGAN_NODE_MODULES``.
"""

from __future__ import annotations

import os
from pathlib import Path

from .. import messages as msg
from ..errors import PinganError


class MissingAsset(PinganError):
    """A browser file that npm should have installed is missing."""


def npm_asset(package: str, rel: str) -> Path:
    """Path of ``node_modules/<package>/<rel>``, or MissingAsset with a Chinese fix-it hint."""
    roots = [
        os.environ.get("PINGAN_NODE_MODULES", ""),
        Path(__file__).resolve().parent.parent.parent / "node_modules",
        Path.cwd() / "node_modules",
    ]
    for root in roots:
        if root and (Path(root) / package / rel).is_file():
            return Path(root) / package / rel
    raise MissingAsset(msg.NO_NPM_ASSET.format(package=package, rel=rel), msg.NO_NPM_ASSET_HINT)
