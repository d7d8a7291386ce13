"""Time the blameless-language checker on a realistic 5,000-word review.

The review is built from the labelled sentences (blameful and neutral, shuffled with a fixed
seed) arranged in paragraphs, with the participants' names passed in as the app does. Prints
p50, p95 and max of `check()` in milliseconds of wall time (and the CPU-time p50, which a busy
shared machine disturbs less); the target is a wall-time p50 under 50 ms.

    .venv/bin/python bench/language_speed.py [--words 5000] [--runs 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.language.checker import check, check_comment  # noqa: E402  (needs the path above)
from bench.language_quality import PARTICIPANTS, load  # noqa: E402

# A team's worth of names, as the view passes every active user's full and first name.
TEAM = (*PARTICIPANTS, *(f"Person{n} Surname{n}" for n in range(60)))


def review_text(words: int, seed: int = 7) -> str:
    """Return a review of about `words` words made of the labelled sentences."""
    rng = random.Random(seed)
    sentences = [item["text"] for item in load()]
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 7)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs)


def timings(func, text: str, runs: int) -> tuple[list[float], list[float]]:
    """Return the wall time and the CPU time of each run, in milliseconds."""
    func(text, names=TEAM)  # warm the caches, as a long-running server would be
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func(text, names=TEAM)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    text = review_text(args.words)
    findings = check(text, names=TEAM)
    print(f"text: {len(text.split())} words, {len(text)} characters, {len(findings)} findings")
    for name, func in (("check", check), ("check_comment", check_comment)):
        wall, cpu = timings(func, text, args.runs)
        ms = sorted(wall)
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        print(
            f"{name:14} runs={len(ms)} p50={statistics.median(ms):.1f} ms "
            f"p95={p95:.1f} ms max={ms[-1]:.1f} ms (cpu p50={statistics.median(cpu):.1f} ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
