"""Great Expectations suites of newsdw, as code.

- ``expectations.raw``: the rows loaded for one logical date (``raw.*``)
- ``expectations.marts``: the dbt marts (``marts.*``)
- ``expectations.config``: every threshold and allowed-value list (no GX import)
- ``expectations.spec``: the building blocks (``TableChecks``, ``Ref``, ``LayerSpec``,
  severities ``CRITICAL`` / ``WARNING``)

``layer_spec("raw" | "marts")`` returns a ``LayerSpec``; ``expectations.runner`` runs it. Importing
this package is cheap; ``layer_spec`` imports Great Expectations (a few seconds, once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from expectations.spec import LayerSpec

LAYERS = ("raw", "marts")


def layer_spec(layer: Literal["raw", "marts"]) -> LayerSpec:
    """The checks of one layer (fresh GX objects on every call)."""
    if layer == "raw":
        from expectations import raw

        return raw.spec()
    if layer == "marts":
        from expectations import marts

        return marts.spec()
    raise ValueError(f"unknown layer {layer!r}; expected one of {LAYERS}")


__all__ = ["LAYERS", "layer_spec"]
