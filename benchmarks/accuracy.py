"""Diagnostic accuracy on the labelled case set (tests/data/cases/ask_cases.yaml).

A case is right at top-k when one of its expected causes is among the advisor's first k.
Usage: python benchmarks/accuracy.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor.engine import diagnose  # noqa: E402
from advisor.kb import load_knowledge  # noqa: E402

CASES = ROOT / "tests" / "data" / "cases" / "ask_cases.yaml"


def evaluate(cases: list[dict]) -> list[tuple[dict, list[str]]]:
    kb = load_knowledge()
    return [(case, [c.id for c in diagnose(kb, case["text"], case.get("answers") or {}).causes])
            for case in cases]


def accuracy(results, k: int, lang: str | None = None) -> float:
    chosen = [(c, r) for c, r in results if lang in (None, c["lang"])]
    hits = sum(1 for case, ranked in chosen if set(case["expect"]) & set(ranked[:k]))
    return hits / len(chosen) if chosen else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    results = evaluate(yaml.safe_load(CASES.read_text(encoding="utf-8")))
    print(f"text cases: {len(results)}")
    for lang in (None, "zh", "en"):
        name = lang or "all"
        print(f"  {name:>3}: top-1 {accuracy(results, 1, lang):6.1%}   top-3 {accuracy(results, 3, lang):6.1%}")
    if args.verbose:
        for case, ranked in results:
            if not set(case["expect"]) & set(ranked[:3]):
                print(f"MISS {case['id']}: {case['text']!r} expected {case['expect']} got {ranked[:3]}")


if __name__ == "__main__":
    main()
