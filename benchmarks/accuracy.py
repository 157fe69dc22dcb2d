"""Diagnostic accuracy on the labelled description sets.

`ask_cases.yaml` (80) is the development set: misses there were read while improving the
matcher. `ask_cases_heldout.yaml` (60) was written separately and is never used for
tuning; its figure is the honest one. A case is right at top-k when one of its expected
causes is among the advisor's first k.
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

CASES = ROOT / "tests" / "data" / "cases"
SETS = {"development": CASES / "ask_cases.yaml", "held-out": CASES / "ask_cases_heldout.yaml"}


def evaluate(cases: list[dict]) -> list[tuple[dict, list[str]]]:
    kb = load_knowledge()
    return [(case, [c.id for c in diagnose(kb, case["text"], case.get("answers") or {}).causes])
            for case in cases]


def accuracy(results, k: int, lang: str | None = None) -> float:
    chosen = [(c, r) for c, r in results if lang in (None, c["lang"])]
    hits = sum(1 for case, ranked in chosen if set(case["expect"]) & set(ranked[:k]))
    return hits / len(chosen) if chosen else 0.0


LOGS = ROOT / "tests" / "data" / "logs" / "cases"


def evaluate_logs() -> list[tuple[dict, object]]:
    """Each labelled log read, detected and diagnosed exactly as `advisor diagnose` does."""
    from advisor.logs import detect, read_log

    kb = load_knowledge()
    out = []
    for case in yaml.safe_load((LOGS / "cases.yaml").read_text(encoding="utf-8")):
        frame = read_log(LOGS / case["file"], case.get("format")).frame
        out.append((case, diagnose(kb, findings=detect(frame), logs_read=True)))
    return out


def report_logs() -> None:
    results = evaluate_logs()
    problems = [(c, d) for c, d in results if c["expect"]]
    healthy = [(c, d) for c, d in results if not c["expect"]]
    top = {k: sum(bool(set(c["expect"]) & {x.id for x in d.causes[:k]}) for c, d in problems)
           for k in (1, 3)}
    false_alarms = sum(d.verdict != "healthy" for _, d in healthy)
    missed = sum(d.verdict != "problem" for _, d in problems)
    print(f"labelled logs: {len(problems)} problem runs, {len(healthy)} healthy runs")
    print(f"  top-1 {top[1] / len(problems):6.1%}   top-3 {top[3] / len(problems):6.1%}"
          f"   false alarms on healthy runs: {false_alarms}/{len(healthy)}"
          f"   problem runs not flagged: {missed}/{len(problems)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    for name, path in SETS.items():
        results = evaluate(yaml.safe_load(path.read_text(encoding="utf-8")))
        print(f"{name} set: {len(results)} descriptions")
        for lang in (None, "zh", "en"):
            print(f"  {lang or 'all':>3}: top-1 {accuracy(results, 1, lang):6.1%}"
                  f"   top-3 {accuracy(results, 3, lang):6.1%}")
        if args.verbose and name == "development":  # the held-out set stays unread
            for case, ranked in results:
                if not set(case["expect"]) & set(ranked[:3]):
                    print(f"MISS {case['id']}: {case['text']!r} expected {case['expect']} got {ranked[:3]}")
    report_logs()


if __name__ == "__main__":
    main()
