"""The judged query set (eval/judgments.py) as a guard: quality may not fall below the goal."""

import pytest

from kansenwerk.search.eval.evaluate import evaluate_here


@pytest.mark.django_db
def test_judged_queries_meet_the_goal_and_beat_the_baseline(seeds_dir):
    result = evaluate_here(seeds=seeds_dir)
    ours, baseline = result["ours"], result["baseline"]
    assert ours["hit_rate@5"] >= 0.90, result["misses"]
    for metric in ("hit_rate@5", "mrr@10", "ndcg@10"):
        assert ours[metric] > baseline[metric] + 0.05, metric
