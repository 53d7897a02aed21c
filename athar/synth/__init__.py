"""Realistic synthetic multi-source data with ground truth, for the demo, tests and benchmarks.

Every person here is invented. ``generate`` writes one CSV per source kind (canonical columns) and
``truth.csv`` mapping each record to the person it mentions; linkage is judged against it.
"""

from athar.synth.generate import SynthSummary, describe, generate

__all__ = ["SynthSummary", "describe", "generate"]
