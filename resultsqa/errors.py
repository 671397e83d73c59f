"""One error hierarchy. Each error names the offending input, the problem and the fix.

Only the edges (the CLI and the UI) turn these into text for a person; library code raises them.
"""

from __future__ import annotations


class ResultsQAError(Exception):
    """Base of every error resultsqa raises on purpose."""

    def __init__(self, subject: str, problem: str, fix: str = "") -> None:
        self.subject = subject
        self.problem = problem
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.subject}: {self.problem}"
        return f"{text}. {self.fix}" if self.fix else text


class DocumentError(ResultsQAError):
    """A document cannot be read: missing, empty, binary, unsupported, encrypted or corrupt."""


class IndexFileError(ResultsQAError):
    """An index directory is missing, corrupt, foreign or stale."""


class QuestionError(ResultsQAError):
    """A question cannot be asked: empty, too long, or not text."""
