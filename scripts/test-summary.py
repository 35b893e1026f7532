#!/usr/bin/env python3
"""Add up the JUnit XML reports of one `make test` run and print the closing line.

Every pytest run in `make test` (app tests, collection tests, each Molecule scenario's
testinfra verifier) writes a report under build/junit/. Exits non-zero when a test
failed or when no test ran at all.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def count(report: Path) -> tuple[int, int, int]:
    """Return (passed, failed, skipped) for one JUnit XML report."""
    root = ET.parse(report).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = failed = skipped = 0
    for suite in suites:
        total += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return total - failed - skipped, failed, skipped


def main(directory: str) -> int:
    reports = sorted(Path(directory).glob("*.xml"))
    passed = failed = skipped = 0
    for report in reports:
        p, f, s = count(report)
        print(f"  {report.stem:<32} {p:>4} passed {f:>3} failed {s:>3} skipped")
        passed, failed, skipped = passed + p, failed + f, skipped + s
    print(f"Summary: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/junit"))
