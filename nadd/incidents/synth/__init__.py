"""The synthetic incident generator: calibrated background, planted networks, truth files.

Every row it writes is synthetic and says so. See docs/synthetic.md.
"""

from nadd.incidents.synth.generator import SCENARIOS, build, generate, scenario

__all__ = ["SCENARIOS", "build", "generate", "scenario"]
