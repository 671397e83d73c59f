"""The gold question set: JSON Lines as fixed by /work/shared/specs/gold-format.md, loaded strictly.

A malformed gold file would quietly skew every metric, so each problem is an error naming the file,
the line and the fix rather than a skipped line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from resultsqa.errors import ResultsQAError

QUESTION_TYPES = ("figure", "why", "compare", "list", "other", "unanswerable")
SPLITS = ("dev", "test")
REQUIRED_FIELDS = ("id", "question", "type", "evidence", "must_include", "answerable")
ONE_OBJECT_PER_LINE = "Write one JSON object per line"

# The bundled gold set, shipped as package data next to this module.
DEFAULT_GOLD_PATH = Path(__file__).with_name("gold.jsonl")


@dataclass(frozen=True)
class GoldQuestion:
    """One gold question. `must_include` holds one tuple of alternatives per item (a plain string in
    the file becomes a one-element tuple)."""

    id: str
    question: str
    type: str
    evidence: tuple[str, ...]
    must_include: tuple[tuple[str, ...], ...]
    answerable: bool
    split: str = "dev"


def load_gold(path: str | Path) -> list[GoldQuestion]:
    """Read and check a gold file.

    Args:
        path: a JSON Lines file, one question object per line; blank lines are ignored.

    Returns:
        The questions in file order.

    Raises:
        ResultsQAError: the file is missing or unreadable, has no questions, or a line is not a JSON
            object, lacks a field, has a field of the wrong type or value, or repeats an id. The
            subject is "<path>:<line>".

    Example:
        >>> questions = load_gold(DEFAULT_GOLD_PATH)
        >>> questions[0].id
        'q01'
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        fix = "Pass the path of a .jsonl gold file"
        raise ResultsQAError(str(path), "gold file not found", fix) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ResultsQAError(str(path), f"cannot read gold file ({error})", "Pass a UTF-8 text file") from None

    questions: list[GoldQuestion] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        question = _parse_question(_parse_object(line, where), where)
        if question.id in first_line_of:
            first = first_line_of[question.id]
            problem = f"duplicate id {question.id!r} (first on line {first})"
            raise ResultsQAError(where, problem, "Give each question its own id")
        first_line_of[question.id] = number
        questions.append(question)
    if not questions:
        raise ResultsQAError(str(path), "gold file holds no questions", ONE_OBJECT_PER_LINE)
    return questions


def select_split(questions: Sequence[GoldQuestion], split: str | None) -> list[GoldQuestion]:
    """The questions of one split ("dev" or "test"), or all of them when `split` is None.

    Raises:
        ResultsQAError: `split` is neither None, "dev" nor "test".
    """
    if split is None:
        return list(questions)
    if split not in SPLITS:
        fix = f"Use one of {', '.join(SPLITS)}, or no split for every question"
        raise ResultsQAError(f"split {split!r}", "unknown split", fix)
    return [q for q in questions if q.split == split]


def _parse_object(line: str, where: str) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ResultsQAError(where, f"not valid JSON ({error.msg})", ONE_OBJECT_PER_LINE) from None
    if not isinstance(data, dict):
        problem = f"expected a JSON object, got {type(data).__name__}"
        raise ResultsQAError(where, problem, ONE_OBJECT_PER_LINE)
    missing = [name for name in REQUIRED_FIELDS if name not in data]
    if missing:
        fix = f"Every line needs {', '.join(REQUIRED_FIELDS)}"
        raise ResultsQAError(where, f"missing field(s): {', '.join(missing)}", fix)
    return data


def _parse_question(data: dict[str, Any], where: str) -> GoldQuestion:
    for name in ("id", "question"):
        if not isinstance(data[name], str) or not data[name].strip():
            problem = f"{name} must be a non-empty string, got {data[name]!r}"
            raise ResultsQAError(where, problem, f"Give the {name} as text")
    if data["type"] not in QUESTION_TYPES:
        raise ResultsQAError(where, f"unknown type {data['type']!r}", f"Use one of {', '.join(QUESTION_TYPES)}")
    # bool is checked exactly: json gives true/false as bool, and 0/1 or "false" are likely mistakes.
    if not isinstance(data["answerable"], bool):
        problem = f"answerable must be true or false, got {data['answerable']!r}"
        raise ResultsQAError(where, problem, "Write the JSON literal true or false, unquoted")
    split = "dev" if data.get("split") is None else data["split"]  # absent or null: the default split
    if split not in SPLITS:
        raise ResultsQAError(where, f"unknown split {split!r}", f"Use one of {', '.join(SPLITS)}")

    evidence = data["evidence"]
    if not isinstance(evidence, list) or not all(isinstance(e, str) and e.strip() for e in evidence):
        fix = 'Write evidence as a list of verbatim document substrings, e.g. ["down 40.6% YoY"]'
        raise ResultsQAError(where, "evidence must be a list of non-empty strings", fix)
    if evidence and not data["answerable"]:
        fix = "Set evidence to [] or answerable to true"
        raise ResultsQAError(where, "an unanswerable question has evidence", fix)

    return GoldQuestion(
        id=data["id"],
        question=data["question"],
        type=data["type"],
        evidence=tuple(evidence),
        must_include=_parse_must_include(data["must_include"], where),
        answerable=data["answerable"],
        split=split,
    )


def _parse_must_include(items: Any, where: str) -> tuple[tuple[str, ...], ...]:
    fix = 'Write items as strings or lists of alternative strings, e.g. ["40.6%", ["weak", "weaker"]]'
    if not isinstance(items, list):
        raise ResultsQAError(where, "must_include must be a list", fix)
    parsed: list[tuple[str, ...]] = []
    for item in items:
        alternatives = [item] if isinstance(item, str) else item
        well_formed = isinstance(alternatives, list) and alternatives
        if not well_formed or not all(isinstance(a, str) and a.strip() for a in alternatives):
            raise ResultsQAError(where, f"bad must_include item {item!r}", fix)
        parsed.append(tuple(alternatives))
    return tuple(parsed)
