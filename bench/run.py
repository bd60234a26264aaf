"""Benchmark: theme 1,000,000 synthetic answers, side by side with a naive baseline.

    .venv/bin/python bench/run.py [--rows 1000000] [--baseline-rows 20000] [--seed 2026]

Each side runs in a fresh child process so its peak memory is its own. The baseline is the
obvious pandas approach: per-row TextBlob sentiment plus per-row regular expressions in an
``apply``; it is timed on the first --baseline-rows answers and reported as a rate.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import synthetic_answers  # noqa: E402

# What a first attempt at the same job usually looks like: a regex per theme and one for
# disclosures, each run on every row.
NAIVE_PATTERNS = {
    "wellbeing": r"\b(safe|happy|sad|scared|worr\w*|anxi\w*|mental health|bull\w*|settled)\b",
    "relationships": r"\b(trust\w*|kind|rude|listen\w*|relationship\w*|workers?)\b",
    "process": r"\b(plan\w*|meeting\w*|review\w*|hearing|assess\w*|referr\w*|wait\w*|complain\w*)",
    "involvement": r"\b(a say|views?|opinion\w*|asked me|advoca\w*|rights|involv\w*)\b",
    "leadership": r"\b(manag\w*|leader\w*|supervision|training|caseload\w*|workload\w*)\b",
    "safeguarding": r"\b(hits? me|kill myself|cut myself|not safe|no food|nudes|run away)\b",
}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children, user plus system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _peak_mb() -> float:
    """Peak resident memory of this process plus its largest child, in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def run_fast(rows: int, seed: int) -> dict:
    from analysis import theme_responses
    from analysis.pipeline import analyse_chunk, warm_up
    from analysis.sentiment import score_sentiment

    frame = synthetic_answers(rows, seed)
    warm_up()
    sample = frame.head(min(rows, 50_000))
    texts = sample["text"].tolist()
    # Single-core split of the cost, to see which part dominates.
    start = time.perf_counter()
    score_sentiment(texts, sample["question"].tolist())
    sentiment_rate = len(texts) / (time.perf_counter() - start)
    start = time.perf_counter()
    analyse_chunk(texts, sample["respondent"].tolist(), sample["question"].tolist())
    one_core_rate = len(texts) / (time.perf_counter() - start)
    start, cpu = time.perf_counter(), _cpu_seconds()
    out = theme_responses(frame)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    assert len(out) == rows and out.index.equals(frame.index)
    return {
        "rows": rows,
        "distinct": frame["text"].nunique() / rows,
        "mean_chars": float(frame["text"].str.len().mean()),
        "seconds": seconds,
        "rate": rows / seconds,
        "cpu_us": cpu / rows * 1e6,
        "one_core_rate": one_core_rate,
        "sentiment_one_core_rate": sentiment_rate,
        "flagged": int(out["safeguarding_flag"].sum()),
        "peak_mb": _peak_mb(),
        "workers": len(os.sched_getaffinity(0)),
    }


def run_baseline(rows: int, seed: int, sample_rows: int) -> dict:
    from textblob import TextBlob

    frame = synthetic_answers(rows, seed).head(sample_rows).copy()
    compiled = {k: re.compile(v, re.IGNORECASE) for k, v in NAIVE_PATTERNS.items()}

    def naive(text: str) -> dict:
        result = {k: bool(p.search(text)) for k, p in compiled.items()}
        result["polarity"] = TextBlob(text).sentiment.polarity
        return result

    start, cpu = time.perf_counter(), _cpu_seconds()
    out = frame["text"].apply(naive)
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    assert len(out) == len(frame)
    return {
        "rows": len(frame),
        "seconds": seconds,
        "rate": len(frame) / seconds,
        "cpu_us": cpu / len(frame) * 1e6,
        "peak_mb": _peak_mb(),
    }


def _child(mode: str, args: argparse.Namespace) -> dict:
    command = [
        sys.executable, __file__, "--child", mode, "--rows", str(args.rows), "--seed",
        str(args.seed), "--baseline-rows", str(args.baseline_rows),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{mode} run failed with exit status {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--child", choices=["fast", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "fast":
        print(json.dumps(run_fast(args.rows, args.seed)))
        return 0
    if args.child == "baseline":
        print(json.dumps(run_baseline(args.rows, args.seed, args.baseline_rows)))
        return 0

    load_before = os.getloadavg()[0]
    # The baseline runs before and after, and the faster of the two counts: other work on the
    # machine then slows the comparison against us, never in our favour.
    print(f"Baseline on the first {args.baseline_rows:,} synthetic answers ...", flush=True)
    base_before = _child("baseline", args)
    print(f"Theming {args.rows:,} synthetic answers (seed {args.seed}) ...", flush=True)
    fast = _child("fast", args)
    print("Baseline again ...", flush=True)
    base_after = _child("baseline", args)
    base = max(base_before, base_after, key=lambda r: r["rate"])
    load_after = os.getloadavg()[0]
    print()
    print(
        f"answers: {fast['rows']:,}  distinct: {fast['distinct']:.1%}  "
        f"mean length: {fast['mean_chars']:.0f} characters  cores: {fast['workers']}"
    )
    print(f"{'':<30}{'answers/s':>11}{'seconds':>9}{'CPU us/answer':>15}{'peak MB':>9}")
    print(
        f"{'analysis.theme_responses':<30}{fast['rate']:>11,.0f}{fast['seconds']:>9.1f}"
        f"{fast['cpu_us']:>15.1f}{fast['peak_mb']:>9,.0f}"
    )
    print(
        f"{'naive TextBlob + regex apply':<30}{base['rate']:>11,.0f}{base['seconds']:>9.1f}"
        f"{base['cpu_us']:>15.1f}{base['peak_mb']:>9,.0f}   ({base['rows']:,} rows)"
    )
    print(
        f"speed-up: {fast['rate'] / base['rate']:.2f}x in answers/s, "
        f"{base['cpu_us'] / fast['cpu_us']:.1f}x in CPU time per answer"
    )
    print(
        f"baseline runs: {base_before['rate']:,.0f} and {base_after['rate']:,.0f} answers/s; "
        f"load average {load_before:.2f} before, {load_after:.2f} after"
    )
    print(
        f"one core, 50,000 answers: everything {fast['one_core_rate']:,.0f}/s, "
        f"sentiment alone {fast['sentiment_one_core_rate']:,.0f}/s"
    )
    print(f"flagged for a person to read: {fast['flagged']:,}")
    ok = (
        fast["rate"] >= 40_000
        and fast["rate"] >= 5 * base["rate"]
        and fast["peak_mb"] < 2048
        and fast["distinct"] >= 0.9
    )
    print("targets (>= 40,000/s, >= 5x baseline, < 2 GB, >= 90% distinct):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
