"""Parity vectors for QuizBot.Core.Learning.Fsrs, made with the reference implementation (py-fsrs).

    pip install fsrs==6.3.2        # or PYTHONPATH=<a py-fsrs checkout> when the package index is out of reach
    python3 tests/QuizBot.Core.Tests/Data/fsrs/make_vectors.py > tests/QuizBot.Core.Tests/Data/fsrs/vectors.json

Deterministic (seeded). Two parts (docs/learning.md, "Parity with the reference"):
- "formulas": each formula of the scheduler on random inputs (its private methods, called directly);
- "sequences": whole review histories through Scheduler.review_card with fuzz off and no learning or relearning steps
  (QuizBot schedules in whole days), recording after each review what the C# code must reproduce.
"""

import json
import math
import random
import sys
from datetime import datetime, timedelta, timezone

import fsrs
from fsrs import Card, Rating, Scheduler

rng = random.Random(20261207)
RETENTIONS = [0.7, 0.8, 0.85, 0.9, 0.95, 0.97]


def scheduler(retention):
    return Scheduler(desired_retention=retention, learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def formulas(count):
    out = []
    for _ in range(count):
        retention = rng.choice(RETENTIONS)
        s = scheduler(retention)
        rating = Rating(rng.randint(1, 4))
        stability = math.exp(rng.uniform(math.log(0.01), math.log(2000)))
        difficulty = rng.uniform(1.0, 10.0)
        retrievability = rng.uniform(0.2, 1.0)
        elapsed = rng.choice([0, 1, 2, 3, 5, 8, 13, 30, 90, 365, rng.randint(0, 1000)])
        last = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
        card = Card(stability=stability, difficulty=difficulty, last_review=last, state=fsrs.State.Review)
        out.append({
            "retention": retention,
            "rating": int(rating),
            "stability": stability,
            "difficulty": difficulty,
            "retrievability": retrievability,
            "elapsedDays": elapsed,
            "initialStability": s._initial_stability(rating=rating),
            "initialDifficulty": s._initial_difficulty(rating=rating, clamp=True),
            "nextDifficulty": s._next_difficulty(difficulty=difficulty, rating=rating),
            "shortTermStability": s._short_term_stability(stability=stability, rating=rating),
            "nextStability": s._next_stability(difficulty=difficulty, stability=stability,
                                               retrievability=retrievability, rating=rating),
            "retrievabilityAfter": s.get_card_retrievability(card, last + timedelta(days=elapsed, hours=rng.randint(0, 23))),
            "intervalDays": s._next_interval(stability=stability),
        })
    return out


def sequences(count):
    out = []
    for _ in range(count):
        retention = rng.choice(RETENTIONS)
        s = scheduler(retention)
        card = Card()
        now = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.utc) + timedelta(minutes=rng.randint(0, 1440))
        reviews = []
        for i in range(rng.randint(2, 14)):
            if i > 0:
                # Mostly near the due date, sometimes early, late or the same day.
                due_in = (card.due - now).total_seconds() / 86400
                gap = rng.choice([due_in, due_in, due_in * rng.uniform(0.3, 3.0), rng.uniform(0, 0.9), rng.uniform(0, 120)])
                now = now + timedelta(seconds=int(max(gap, 0) * 86400))
            rating = Rating(rng.choices([1, 2, 3, 4], weights=[3, 1, 5, 2])[0])
            before = s.get_card_retrievability(card, now)
            elapsed = (now - card.last_review).days if card.last_review else None
            card, _ = s.review_card(card, rating, now)
            reviews.append({
                "rating": int(rating),
                "elapsedDays": elapsed,
                "retrievabilityBefore": before,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "intervalDays": (card.due - now).days,
            })
        out.append({"retention": retention, "reviews": reviews})
    return out


try:
    from importlib.metadata import version
    reference = "py-fsrs " + version("fsrs")
except Exception:  # a source checkout on PYTHONPATH has no package metadata
    reference = "py-fsrs (source checkout)"

json.dump({
    "generator": "tests/QuizBot.Core.Tests/Data/fsrs/make_vectors.py",
    "reference": reference,
    "parameters": list(fsrs.scheduler.DEFAULT_PARAMETERS),
    "formulas": formulas(400),
    "sequences": sequences(150),
}, sys.stdout, separators=(",", ":"))
sys.stdout.write("\n")
