"""Fixtures shared by the load tests."""

from __future__ import annotations

import pytest

import generator.content.load as load


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The files this process parses (relative paths), in order: not a file taken from the cache,
    nor one the read-ahead's second process parsed."""
    seen: list[str] = []
    original = load.load_yaml

    def counting(path, rel, data=None):
        seen.append(rel)
        return original(path, rel, data)

    monkeypatch.setattr(load, "load_yaml", counting)
    return seen
