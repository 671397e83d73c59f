import numpy as np
import pytest

from resultsqa.index import embeddings
from resultsqa.index.embeddings import DEFAULT_MODEL_NAME, Encoder, SentenceTransformerEncoder


def test_construction_loads_nothing():
    before = dict(embeddings._MODELS)
    encoder = SentenceTransformerEncoder("some/hub-model", batch_size=8)
    assert encoder.name == "some/hub-model"
    assert embeddings._MODELS == before


def test_default_model_is_recorded_by_its_short_name():
    assert SentenceTransformerEncoder().name == DEFAULT_MODEL_NAME == "all-MiniLM-L6-v2"


def test_fake_and_real_encoders_satisfy_the_protocol(encoder):
    assert isinstance(encoder, Encoder)
    assert isinstance(SentenceTransformerEncoder(), Encoder)


@pytest.mark.slow
def test_a_single_query_gets_the_vector_a_batch_gives_it(deck_index):
    # one text skips sentence-transformers' encode; it must not move the query off the index's space
    encoder = deck_index.encoder
    queries = ["Why did SI revenue fall?", "What was the equity ratio at June 30, 2009?", "MVNO lines"]
    batch = encoder.encode(queries)
    for row, query in enumerate(queries):
        single = encoder.encode([query])
        assert single.shape == (1, 384) and single.dtype == np.float32
        np.testing.assert_allclose(single[0], batch[row], atol=1e-5)
        assert abs(float(np.linalg.norm(single[0])) - 1.0) < 1e-5
