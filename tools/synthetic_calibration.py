"""Write the calibration table of the standard scenario into docs/synthetic.md.

Usage: .venv/bin/python tools/synthetic_calibration.py [SEED]
Rewrites the block between <!-- calibration:begin --> and <!-- calibration:end -->.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from nadd.incidents.synth.generator import build, scenario
from nadd.incidents.synth.report import calibration_rows, markdown

DOC = Path(__file__).resolve().parents[1] / "docs" / "synthetic.md"


def main(seed: int = 7) -> None:
    b = build("standard", seed)
    rows = calibration_rows(b, scenario("standard"))
    block = (f"<!-- calibration:begin -->\nStandard scenario, seed {seed}: {len(b.rows['incidents']):,} incidents, "
             f"{len(b.rows['parties']):,} party records, {len(b.entities):,} true entities.\n\n"
             f"{markdown(rows)}\n<!-- calibration:end -->")
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(re.sub(r"<!-- calibration:begin -->.*<!-- calibration:end -->", block, text, flags=re.S),
                   encoding="utf-8")
    print(markdown(rows))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
