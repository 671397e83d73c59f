"""Suite-wide set-up: offline by construction, and no traffic beyond this machine.

The environment is set before any test module imports gradio or sentence-transformers.
"""

import ipaddress
import os
import socket

from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

_real_connect = socket.socket.connect
DECK = Path(__file__).resolve().parents[1] / "data" / "iij_1q_fy2009_results.txt"


def _is_loopback(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection to a non-loopback address fails the test that made it."""

    def guarded_connect(sock, address):
        if not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return _real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


def _refuse(*args, **kwargs):
    raise OSError("network access is blocked in this test")


@pytest.fixture(scope="session")
def deck_index():
    """The bundled deck indexed once per run with the real model, every connection refused while building.

    Building with the network blocked is the proof that ingest and indexing are offline by construction.
    """
    from resultsqa.index.store import Index

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _refuse)
        patch.setattr(socket.socket, "connect_ex", _refuse)
        patch.setattr(socket, "create_connection", _refuse)
        return Index.build([DECK])
