"""The judged query set (eval/judgments.py) and the persona set (eval/personas.py) as a guard:
quality may not fall below the goals, on every database the suite runs on."""

import pytest

from kansenwerk.search.eval.evaluate import evaluate_here


@pytest.mark.django_db
def test_judged_and_persona_queries_meet_the_goals_and_beat_the_baseline(seeds_dir):
    result = evaluate_here(seeds=seeds_dir)
    ours, baseline = result["ours"], result["baseline"]
    assert ours["hit_rate@5"] >= 0.95, result["misses"]
    for metric in ("hit_rate@5", "mrr@10", "ndcg@10"):
        assert ours[metric] > baseline[metric] + 0.05, metric
    # Queries in users' own words (issue 22 goals: success@5 >= 0.85, MRR@10 >= 0.70).
    persona = result["sets"]["persona"]
    assert persona["ours"]["hit_rate@5"] >= 0.85, result["persona_misses"]
    assert persona["ours"]["mrr@10"] >= 0.70
    held_out = result["sets"]["persona held-out"]["ours"]
    assert held_out["hit_rate@5"] >= 0.80
    assert held_out["mrr@10"] >= 0.70
