"""Fixtures for the index tests: a deterministic fake encoder, small documents, the real deck index."""

from __future__ import annotations

import re
import socket
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

DECK = Path(__file__).resolve().parents[2] / "data" / "iij_1q_fy2009_results.txt"


class HashingEncoder:
    """Bag of words hashed into `dimension` buckets, L2-normalised: same words, same vector.

    Two texts' cosine is a plain function of their shared words, so expected rankings can be worked
    out by hand. Text without words maps to the first axis, so no vector is ever zero.
    """

    def __init__(self, dimension: int = 256, name: str = "hashing-test-encoder", max_words: int = 400) -> None:
        self.name = name
        self.dimension = dimension
        self.max_words = max_words
        self.calls: list[int] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(len(texts))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, zlib.crc32(word.encode()) % self.dimension] += 1.0
            if not vectors[row].any():
                vectors[row, 0] = 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    def fits(self, text: str) -> bool:
        return len(text.split()) <= self.max_words


@pytest.fixture
def encoder_type() -> type[HashingEncoder]:
    """The fake encoder's class, for tests that need a variant (another name or dimension)."""
    return HashingEncoder


@pytest.fixture
def encoder() -> HashingEncoder:
    return HashingEncoder()


ALPHA = """Alpha Corp 1Q FY2010 Results

I-1. Summary
Revenue: JPY1,000 million (up 5.0% YoY)
Operating income: JPY120 million (down 2.0% YoY)

I-2. Cloud Services (1) Revenues
Revenues: up 12.0% YoY, driven by new storage contracts
CS gross margin improved thanks to automation
CS customers: 1,200 companies

I-3. Balance Sheet
Total assets: JPY9,000 million as of June 30, 2010
Shareholders' equity ratio: 41.2%
"""

BETA = """Beta Inc Quarterly Review

A-1. Overview
Beta shipped 300 robots this quarter, up from 250 robots a year earlier.

A-2. Research
Research and Development spending rose; R&D headcount reached 40 engineers.
"""


@pytest.fixture
def documents(tmp_path: Path) -> dict[str, Path]:
    """Two small decks written to disk: alpha.txt and beta.txt."""
    paths = {}
    for name, text in (("alpha", ALPHA), ("beta", BETA)):
        paths[name] = tmp_path / "docs" / f"{name}.txt"
        paths[name].parent.mkdir(exist_ok=True)
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _refuse(*args, **kwargs):
    raise OSError("network access is blocked in tests")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails at once."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
