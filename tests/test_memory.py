"""give_back_freed_memory returns what a process freed to the system: measured on this process's
resident memory, with the freed blocks interleaved with kept ones as a load leaves them."""

from __future__ import annotations

import re
from pathlib import Path

from generator.memory import give_back_freed_memory


def _resident_kib() -> int:
    return int(re.search(r"^Rss:\s+(\d+) kB", Path("/proc/self/smaps_rollup").read_text(), re.MULTILINE)[1])


def test_freed_blocks_between_kept_ones_are_given_back():
    give_back_freed_memory()
    blocks = [bytes([n % 251]) * 4000 for n in range(20000)]  # 80 MB from malloc, not Python's arenas
    kept = blocks[::50]  # one in fifty stays: the heap cannot shrink from its end
    del blocks
    before = _resident_kib()
    give_back_freed_memory()
    after = _resident_kib()
    assert before - after > 40_000, (before, after)
    assert all(block[:1] == bytes([(n * 50) % 251]) for n, block in enumerate(kept))
