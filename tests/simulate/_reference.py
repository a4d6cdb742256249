"""The rpact reference figures written by tests/reference/design_rpact.R (one loader, in tests/design)."""

from design._reference import PATH, REF

__all__ = ["PATH", "REF"]
