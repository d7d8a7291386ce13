"""Measure the blameless-language checker against the labelled sentences.

A sentence counts as predicted blameful when `check()` has any finding in it. Prints precision,
recall and F1 for the tune split, the holdout split and both, plus how often the expected rule
was among the rules that matched. `--errors` lists the tune split's mistakes (never the
holdout's: rules are not adjusted to holdout sentences).

    .venv/bin/python bench/language_quality.py [--errors]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.language.checker import check, hits  # noqa: E402  (needs the path above)

SENTENCES = ROOT / "tests" / "language" / "sentences.yaml"
# The participants every labelled sentence is written about.
PARTICIPANTS = ("Priya", "Tom Becker", "Aisha", "Lars")


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    rule_hits: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(path: Path = SENTENCES) -> list[dict]:
    """Return the labelled sentences."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def score(sentences: list[dict], errors: list[str] | None = None) -> Scores:
    """Score the checker on some sentences; append a line per mistake to `errors`."""
    s = Scores()
    for item in sentences:
        predicted = bool(check(item["text"], names=PARTICIPANTS))
        expected = bool(item["blameful"])
        if predicted and expected:
            s.tp += 1
            rules = {h.rule.id for h in hits(item["text"], names=PARTICIPANTS)}
            s.rule_hits += item["rule"] in rules
        elif predicted:
            s.fp += 1
        elif expected:
            s.fn += 1
        else:
            s.tn += 1
        if errors is not None and predicted != expected:
            found = [f.rule for f in check(item["text"], names=PARTICIPANTS)]
            label = "missed" if expected else f"false alarm {found}"
            errors.append(f"  {label}: {item['text']}  (expected {item['rule']})")
    return s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list the tune split's mistakes")
    args = parser.parse_args(argv)
    sentences = load()
    splits = {
        "tune": [s for s in sentences if s["split"] == "tune"],
        "holdout": [s for s in sentences if s["split"] == "holdout"],
        "all": sentences,
    }
    print(f"{'split':8} {'n':>4} {'precision':>9} {'recall':>7} {'F1':>6} {'rule agrees':>11}")
    for name, items in splits.items():
        s = score(items)
        agree = f"{s.rule_hits}/{s.tp}"
        print(f"{name:8} {len(items):4} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {agree:>11}")
    if args.errors:
        errors: list[str] = []
        score(splits["tune"], errors)
        print(f"\ntune mistakes ({len(errors)}):", *errors, sep="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
