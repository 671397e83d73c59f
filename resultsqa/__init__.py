"""resultsqa: cited answers to questions about company results documents.

    index = resultsqa.build(["data/iij_1q_fy2009_results.txt"])   # or resultsqa.load(".resultsqa/index")
    passages = index.search("Why did SI revenue fall?", k=5)
    print(resultsqa.answer("Why did SI revenue fall?", index))
"""

from resultsqa.errors import DocumentError, IndexFileError, QuestionError, ResultsQAError

__all__ = [
    "Answer",
    "DocumentError",
    "Index",
    "IndexFileError",
    "Passage",
    "QuestionError",
    "ResultsQAError",
    "answer",
    "build",
    "load",
]


def __getattr__(name: str):
    # Imported on first use, so `import resultsqa` stays cheap and pulls in neither torch nor faiss.
    if name in {"Index", "build", "load"}:
        from resultsqa.index import store

        return {"Index": store.Index, "build": store.Index.build, "load": store.Index.load}[name]
    if name == "Passage":
        from resultsqa.index.records import Passage

        return Passage
    if name in {"Answer", "answer"}:
        from resultsqa.app import answer as answer_module
        from resultsqa.app.records import Answer

        return {"Answer": Answer, "answer": answer_module.answer}[name]
    raise AttributeError(f"module 'resultsqa' has no attribute {name!r}")
