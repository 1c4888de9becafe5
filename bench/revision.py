"""Which generator package a benchmark measures: the working tree's, or a commit's (``--rev``),
exported with ``git archive`` so that uncommitted changes do not leak into the figures."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Run as `python -P -c SIDE_RUNNER FOLDER ARGS…`: the pingan command line of the generator package
# in FOLDER (an export, or the repository), whatever is installed.
SIDE_RUNNER = """
import sys
side = sys.argv.pop(1)
sys.path.insert(0, side)
import generator
assert generator.__file__.startswith(side), (generator.__file__, side)
from generator.cli import main
sys.argv[0] = "pingan"
sys.exit(main())
"""


def export_generator(rev: str, folder: Path) -> Path:
    """``rev``'s generator package, exported with git archive into ``folder`` (made afresh)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "generator"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def use_generator(rev: str | None, out: Path, env: dict[str, str]) -> dict[str, str]:
    """Make ``rev``'s generator package the one imported here and in every subprocess."""
    if rev is None:
        import generator

        return {"source": "working tree", "path": str(Path(generator.__file__).parent)}
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", f"{rev}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    export = out / f"generator-{sha[:12]}"
    if not (export / "generator").is_dir():
        export_generator(sha, export)
    sys.path.insert(0, str(export))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(export), env.get("PYTHONPATH", "")]))
    env.setdefault("PINGAN_NODE_MODULES", str(ROOT / "node_modules"))  # npm files are not committed
    import generator

    if Path(generator.__file__).parent != export / "generator":
        raise RuntimeError(f"imported {generator.__file__}, expected the export in {export}")
    return {"source": f"git {rev} ({sha})", "path": str(export / "generator")}
