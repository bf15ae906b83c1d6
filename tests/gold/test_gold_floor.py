"""The gold set's quality floor: a rule change that lowers what `newsdw eval tests/gold` scores
below these figures fails CI. The floors sit a little under today's figures (README, "Tagging
quality"); raise them when the tagger gets better, never lower them to make a change pass."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from extract.nlp.evaluate import EvalReport, evaluate

GOLD = Path(__file__).resolve().parent
# metric: (floor, today's figure when the floor was set)
FLOORS = {
    "content F1 @0.3": (0.96, 0.98),
    "content F1 @0.8": (0.95, 0.98),
    "content precision @0.3": (0.97, 1.00),
    "speaker accuracy": (0.95, 0.97),
    "actor F1": (0.92, 0.94),
}


@lru_cache(maxsize=1)
def report() -> EvalReport:
    from tests.unit.test_nlp_support import shared_tagger

    return evaluate(GOLD, shared_tagger())


def measured(metric: str) -> float:
    t = report().total
    return {
        "content F1 @0.3": t.statements[0.3].f1,
        "content F1 @0.8": t.statements[0.8].f1,
        "content precision @0.3": t.statements[0.3].precision,
        "speaker accuracy": t.speaker_accuracy,
        "actor F1": t.actors.f1,
    }[metric]


@pytest.mark.parametrize("metric", list(FLOORS))
def test_the_gold_set_scores_at_least_its_floor(metric):
    floor, _ = FLOORS[metric]
    value = measured(metric)
    assert value >= floor, (f"{metric} fell to {value:.3f} (floor {floor}); "
                            "see newsdw eval tests/gold --details")


def test_every_gold_file_is_scored():
    assert len(report().files) == len(list(GOLD.glob("*.json"))) >= 19
