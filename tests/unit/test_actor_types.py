"""One list of actor types: ``extract.records.ACTOR_TYPES``. The validation suites derive theirs
from it; dbt's YAML cannot import Python, so its accepted values are checked against it here."""

from __future__ import annotations

import yaml

from expectations import config
from extract.records import ACTOR_TYPES
from tests.conftest import REPO


def accepted_actor_types(layer: str) -> list[list[str]]:
    """The accepted_values of every ``actor_type`` column in the layer's dbt YAML."""
    found = []
    for path in sorted((REPO / "dbt" / "models" / layer).rglob("*.yml")):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            for column in model.get("columns", []):
                if column["name"] != "actor_type":
                    continue
                for test in column.get("data_tests", []):
                    if isinstance(test, dict) and "accepted_values" in test:
                        found.append(test["accepted_values"]["arguments"]["values"])
    return found


def test_validation_suites_derive_their_actor_types_from_the_one_list():
    assert config.RAW_ACTOR_TYPES == ACTOR_TYPES
    assert tuple(t for t in ACTOR_TYPES if t != "place") == config.MART_ACTOR_TYPES


def test_dbt_accepts_exactly_the_one_list():
    assert accepted_actor_types("intermediate") == [list(ACTOR_TYPES)]
    marts = accepted_actor_types("marts")
    assert marts and all(values == list(config.MART_ACTOR_TYPES) for values in marts)
