"""resultsqa.eval: the gold question set and the evaluator behind `resultsqa eval`.

    from resultsqa.eval import DEFAULT_GOLD_PATH, evaluate, load_gold
    report = evaluate(load_gold(DEFAULT_GOLD_PATH), index, gold_path=str(DEFAULT_GOLD_PATH))
    print(report.format_table())
"""

from resultsqa.eval.gold import DEFAULT_GOLD_PATH, GoldQuestion, load_gold, select_split
from resultsqa.eval.report import Failure, Report
from resultsqa.eval.runner import evaluate

__all__ = ["DEFAULT_GOLD_PATH", "Failure", "GoldQuestion", "Report", "evaluate", "load_gold", "select_split"]
