"""load_gold: valid lines become GoldQuestions; every malformed line is an error naming file and line."""

import json

import pytest

from resultsqa.errors import ResultsQAError
from resultsqa.eval.gold import GoldQuestion, load_gold, select_split

VALID = {
    "id": "q17",
    "type": "why",
    "question": "Why did SI revenue fall?",
    "evidence": ["Construction demands continue to be weak from 2H08"],
    "must_include": ["weak", ["40.6%", "40.6 %"]],
    "answerable": True,
}


def write(tmp_path, *lines):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_valid_line_parses_with_default_split_and_tuple_alternatives(tmp_path):
    unanswerable = {**VALID, "id": "q18", "type": "unanswerable", "evidence": [], "must_include": [],
                    "answerable": False, "split": "test"}
    questions = load_gold(write(tmp_path, VALID, "", unanswerable))
    assert questions == [
        GoldQuestion(
            id="q17",
            question="Why did SI revenue fall?",
            type="why",
            evidence=("Construction demands continue to be weak from 2H08",),
            must_include=(("weak",), ("40.6%", "40.6 %")),
            answerable=True,
            split="dev",
        ),
        GoldQuestion("q18", "Why did SI revenue fall?", "unanswerable", (), (), False, "test"),
    ]


def test_null_split_means_dev(tmp_path):
    assert load_gold(write(tmp_path, {**VALID, "split": None}))[0].split == "dev"


def test_unknown_extra_fields_are_allowed(tmp_path):
    assert load_gold(write(tmp_path, {**VALID, "note": "checked by hand"}))[0].id == "q17"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        (
            {k: v for k, v in VALID.items() if k not in ("evidence", "answerable")},
            "missing field(s): evidence, answerable",
        ),
        ({**VALID, "id": ""}, "id must be a non-empty string"),
        ({**VALID, "question": 5}, "question must be a non-empty string"),
        ({**VALID, "type": "numeric"}, "unknown type 'numeric'"),
        ({**VALID, "answerable": "false"}, "answerable must be true or false"),
        ({**VALID, "split": "train"}, "unknown split 'train'"),
        ({**VALID, "evidence": "weak"}, "evidence must be a list"),
        ({**VALID, "evidence": ["ok", ""]}, "evidence must be a list"),
        ({**VALID, "answerable": False}, "an unanswerable question has evidence"),
        ({**VALID, "must_include": "weak"}, "must_include must be a list"),
        ({**VALID, "must_include": [[]]}, "bad must_include item []"),
        ({**VALID, "must_include": [3]}, "bad must_include item 3"),
    ],
)
def test_malformed_line_names_file_line_and_problem(tmp_path, line, problem):
    path = write(tmp_path, {**VALID, "id": "q01"}, line)
    with pytest.raises(ResultsQAError) as caught:
        load_gold(path)
    assert caught.value.subject == f"{path}:2"
    assert problem in caught.value.problem


def test_duplicate_id_names_both_lines(tmp_path):
    path = write(tmp_path, VALID, {**VALID, "id": "q02"}, VALID)
    with pytest.raises(ResultsQAError) as caught:
        load_gold(path)
    assert caught.value.subject == f"{path}:3"
    assert "duplicate id 'q17' (first on line 1)" in caught.value.problem


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(ResultsQAError, match="gold file not found"):
        load_gold(tmp_path / "absent.jsonl")
    with pytest.raises(ResultsQAError, match="holds no questions"):
        load_gold(write(tmp_path, "", "  "))


def test_select_split(tmp_path):
    questions = load_gold(write(tmp_path, VALID, {**VALID, "id": "q18", "split": "test"}))
    assert [q.id for q in select_split(questions, "dev")] == ["q17"]
    assert [q.id for q in select_split(questions, "test")] == ["q18"]
    assert [q.id for q in select_split(questions, None)] == ["q17", "q18"]
    with pytest.raises(ResultsQAError, match="unknown split"):
        select_split(questions, "train")
