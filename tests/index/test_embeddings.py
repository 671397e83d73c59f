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
