"""Hostile files for the parsing limits, and a way to run the CLI under hard resource limits.

Each builder returns the text or bytes of one file an attacker (or a broken exporter) could
hand pingan: YAML whose aliases expand to 10⁹ values, nesting 20,000 levels deep, XML with
entity bombs or an external entity, and Office files carrying such XML in one of their parts.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

# The limits the refusals must stay within: a 200 MB address space (pingan's Python starts in about
# 40 MB), and CPU seconds for start-up (under one second here) plus the two seconds the issue allows,
# with room for a slower machine. Going over either kills the run, and the test fails on its exit.
MEMORY_BYTES = 200 * 1024 * 1024
CPU_SECONDS = 5
WALL_SECONDS = 120  # only a backstop: CPU time is what is limited, the machine may be busy

DEPTH = 20_000

# --- YAML ------------------------------------------------------------------------------------------


def yaml_alias_bomb(key: str = "bomb") -> str:
    """Nine lines of aliases of aliases (each ten times the last): 10⁹ strings once expanded.

    Appended to a mapping at the top level, the anchors start on the next line; ``lol4`` is the
    first alias whose expansion takes the file past 10,000 values produced by aliases.
    """
    lines = [f"{key}:", '  lol0: &lol0 "哈哈哈哈哈哈哈哈哈哈"']
    for level in range(1, 10):
        aliases = ", ".join([f"*lol{level - 1}"] * 10)
        lines.append(f"  lol{level}: &lol{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def yaml_deep(form: str, key: str = "deep", depth: int = DEPTH) -> str:
    """A value nested ``depth`` levels deep, as a top-level ``key``, in one of four spellings."""
    if form == "flow-list":
        return f"{key}: " + "[" * depth + "]" * depth + "\n"
    if form == "flow-mapping":
        return f"{key}: " + "{a: " * depth + "1" + "}" * depth + "\n"
    if form == "block-list":  # - - - - x: each dash opens a list inside the last one
        return f"{key}:\n" + "- " * depth + "x\n"
    if form == "block-mapping":  # a:\n a:\n  a: … (one more space each line; quadratic in size, so shallower)
        return (
            f"{key}:\n"
            + "".join(" " * (level + 1) + "a:\n" for level in range(depth))
            + " " * (depth + 1)
            + "x\n"
        )
    raise ValueError(form)


DEEP_FORMS = ("flow-list", "flow-mapping", "block-list", "block-mapping")
BLOCK_MAPPING_DEPTH = 2_000  # 2,000 levels of indentation are already 2 MB of spaces

# --- XML -------------------------------------------------------------------------------------------

_LAUGHS = ['<!ENTITY lol "lol">'] + [
    f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
]


def dtd_billion_laughs(root: str) -> tuple[str, str]:
    """(a DOCTYPE whose entity lol9 expands to 10⁹ "lol"s, the reference to put in the text)."""
    return f"<!DOCTYPE {root} [\n" + "\n".join(_LAUGHS) + "\n]>\n", "&lol9;"


def dtd_external(root: str, secret: Path) -> tuple[str, str]:
    """(a DOCTYPE declaring an entity that reads a local file, the reference)."""
    return f'<!DOCTYPE {root} [\n<!ENTITY secret SYSTEM "{secret.as_uri()}">\n]>\n', "&secret;"


def dtd_quadratic(root: str) -> tuple[str, str]:
    """(a DOCTYPE with one 100 KB entity, 30,000 references to it: 3 GB of text)."""
    return f'<!DOCTYPE {root} [\n<!ENTITY a "{"A" * 100_000}">\n]>\n', "&a;" * 30_000


def moodle_xml(dtd: str = "", stem: str = "灭火器压力表指针在绿区表示正常。") -> str:
    """A one-question Moodle XML bank; ``dtd`` goes on the lines after the XML declaration (line 2)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + dtd
        + '<quiz>\n  <question type="truefalse">\n    <name><text>q1</text></name>\n'
        + f'    <questiontext format="plain_text"><text>{stem}</text></questiontext>\n'
        + '    <answer fraction="100"><text>true</text></answer>\n'
        + '    <answer fraction="0"><text>false</text></answer>\n  </question>\n</quiz>\n'
    )


def moodle_xml_deep(depth: int = DEPTH) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>' + "<a>" * depth + "</a>" * depth + "</quiz>\n"


def with_dtd_in_part(package: bytes, part: str, dtd: str, reference: str, marker: str) -> bytes:
    """An Office file (a zip of XML parts) with ``dtd`` inserted into ``part`` and ``marker`` replaced
    by ``reference``; every other part is copied as it is."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                text = data.decode("utf-8")
                assert marker in text, f"{marker!r} not in {part}"
                declaration_end = text.index("?>") + 2 if text.startswith("<?xml") else 0
                text = text[:declaration_end] + "\n" + dtd + text[declaration_end:]
                data = text.replace(marker, reference, 1).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


# --- running the CLI under limits ------------------------------------------------------------------


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_limited(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run ``pingan ARGS`` in a fresh process under MEMORY_BYTES and CPU_SECONDS.

    Over the CPU limit the kernel kills it (exit -24, SIGXCPU); over the memory limit Python
    raises MemoryError (an internal error, exit 1): either fails the caller's exit-code check.
    """
    command = [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())", *args]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=WALL_SECONDS,
        preexec_fn=_limits,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    return completed.returncode, completed.stdout, completed.stderr
