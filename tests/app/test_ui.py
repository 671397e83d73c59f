"""UI wiring over a fake index and a fake answer engine: errors, document scope, uploads, serve. Fast."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import pytest

from resultsqa.app import ui
from resultsqa.app.records import Answer, Timings
from resultsqa.errors import DocumentError, QuestionError
from resultsqa.ingest.records import Document, Span

pytestmark = pytest.mark.filterwarnings("ignore::pandas.errors.Pandas4Warning")


def make_document(name: str) -> Document:
    return Document(id=name * 8, source=f"/uploads/{name}.txt", title=name, text="x", pages=(Span(0, 1),))


@dataclass
class FakeIndex:
    """Just what the UI touches: `documents`, and `add` returning a new index."""

    documents: tuple[Document, ...]
    release_add: threading.Event = field(default_factory=threading.Event)

    def add(self, paths, progress=None):
        self.release_add.wait(timeout=10)
        return FakeIndex(self.documents + tuple(make_document(f"new{i}") for i, _ in enumerate(paths)))


def plain_answer(question: str, text: str) -> Answer:
    return Answer(question, "other", text, (), (), (), (), False, "", Timings(0, 0, 0))


@pytest.fixture
def fake_engine(monkeypatch):
    """Replace the answer engine; `calls` records the document scope of each question."""
    calls: list = []

    def fake_answer(question, index, *, documents=None, **_):
        calls.append(documents)
        if "boom" in question:
            raise RuntimeError("secret internals /etc/passwd")
        if "bad" in question:
            raise QuestionError(repr(question), "is not a question", "Ask about the documents")
        return plain_answer(question, f"Echo: {question}")

    monkeypatch.setattr(ui, "answer", fake_answer)
    return calls


@pytest.fixture
def two_document_app(app_over, fake_engine):
    index = FakeIndex((make_document("alpha"), make_document("beta")))
    with app_over(index) as url:
        yield url, index


def test_unexpected_error_is_one_short_message_and_the_trace_is_logged(two_document_app, client_for, caplog):
    url, _ = two_document_app
    with caplog.at_level(logging.ERROR, logger="resultsqa.app.ui"):
        reply, sources, figures, _ = client_for(url).predict("boom now", api_name="/respond")
    assert ui.UNEXPECTED_ERROR in reply
    assert "secret" not in reply and "Traceback" not in reply
    assert figures["data"] == []
    assert any("secret internals" in (record.exc_text or "") for record in caplog.records)


def test_library_error_shows_its_own_message(two_document_app, client_for):
    url, _ = two_document_app
    reply, *_ = client_for(url).predict("bad one", api_name="/respond")
    assert "is not a question. Ask about the documents" in reply
    assert "rqa-error" in reply


def test_question_is_asked_over_all_documents_by_default_and_over_a_selection(
    two_document_app, client_for, fake_engine
):
    url, index = two_document_app
    client = client_for(url)
    alpha, beta = (d.id for d in index.documents)
    client.predict("q1", api_name="/respond")
    client.predict("q2", [alpha, beta], api_name="/respond")
    client.predict("q3", [beta], api_name="/respond")
    reply, *_ = client.predict("q4", [], api_name="/respond")
    assert fake_engine == [None, None, [beta]]  # q4 never reaches the engine
    assert "Pick at least one document" in reply


def test_user_text_in_the_reply_is_escaped(two_document_app, client_for):
    url, _ = two_document_app
    reply, *_ = client_for(url).predict("<img src=x onerror=alert(1)>", api_name="/respond")
    assert reply == "Echo\\: &lt;img src=x onerror=alert\\(1\\)&gt;"


def test_a_running_upload_does_not_hold_up_questions():
    index = FakeIndex((make_document("alpha"),))
    holder = ui.IndexHolder(index)
    adding = threading.Thread(target=holder.add, args=(["b.txt"], lambda *_: None))
    adding.start()
    # add() is parked inside index.add; reading the current index must not wait for it.
    assert holder.current() is index
    index.release_add.set()
    adding.join(timeout=10)
    assert [d.title for d in holder.current().documents] == ["alpha", "new0"]


@pytest.mark.parametrize("name", ["deck.pdf", "deck.TXT", "notes.md", "page.html"])
def test_upload_check_accepts_the_supported_types(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"x" * 100)
    ui.check_upload(str(path), max_upload_mb=1)


def test_upload_check_refuses_other_types(tmp_path):
    path = tmp_path / "macro.exe"
    path.write_bytes(b"MZ")
    with pytest.raises(DocumentError, match=r"macro.exe: this file type is not supported. Upload a .pdf"):
        ui.check_upload(str(path), max_upload_mb=1)


def test_upload_check_refuses_large_files(tmp_path):
    path = tmp_path / "huge.pdf"
    path.write_bytes(b"x" * (2 * 2**20 + 1))
    with pytest.raises(DocumentError, match=r"huge.pdf: the file is 2.0 MB, over the 1 MB limit"):
        ui.check_upload(str(path), max_upload_mb=1)


@pytest.mark.parametrize(
    ("environment", "expected_auth"),
    [
        ({"RESULTSQA_USER": "ann", "RESULTSQA_PASSWORD": "pw"}, ("ann", "pw")),
        ({"RESULTSQA_USER": "ann"}, None),  # both are needed
        ({}, None),
    ],
)
def test_serve_turns_on_login_only_with_both_variables(monkeypatch, capsys, environment, expected_auth):
    launched = {}
    monkeypatch.delenv("RESULTSQA_USER", raising=False)
    monkeypatch.delenv("RESULTSQA_PASSWORD", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(ui.Index, "load", classmethod(lambda cls, directory: FakeIndex((make_document("a"),))))
    monkeypatch.setattr(ui, "launch_ui", lambda demo, **options: launched.update(options))
    ui.serve("some/index", port=7861)
    assert launched == {"host": "127.0.0.1", "port": 7861, "auth": expected_auth, "block": True}
    assert "http://127.0.0.1:7861" in capsys.readouterr().out
