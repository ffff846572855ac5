"""What a Python learner costs per sample in the loop: the tumbling
scenario (one simulated day, 4 306 samples) without learners, with a
learner that does nothing (the bridge's own cost: the GIL, the feature
dict, two calls), and with river's LogisticRegression and
HoeffdingTreeClassifier. Medians of N runs; per-sample costs include the
ground-grid scoring at each run's end (158 predictions per run).

    python python/bench/learner_cost.py [N]
"""

import statistics
import sys
import time

from river import linear_model, tree

import orbitai

n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
SCENARIO = "scenarios/tumbling.ron"


class Nothing:
    def predict_one(self, x):
        return True

    def learn_one(self, x, y):
        pass


def median_wall(make):
    times = []
    for _ in range(n):
        learners = make()
        t = time.perf_counter()
        result = orbitai.run(SCENARIO, progress=False, learners=learners)
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


base, result = median_wall(lambda: None)
samples = int(result.progressive.query("run == 'all'")["samples"].max())
print(f"{SCENARIO}: {samples} samples; without learners {base * 1000:.1f} ms (median of {n})")
for label, make in [
    ("no-op Python learner", lambda: {"noop": Nothing()}),
    ("river LogisticRegression", lambda: {"logreg": linear_model.LogisticRegression()}),
    ("river HoeffdingTreeClassifier", lambda: {"hoeffding": tree.HoeffdingTreeClassifier()}),
]:
    wall, result = median_wall(make)
    per = (wall - base) / samples * 1e6
    grid = result.metrics_grid.iloc[-1]["accuracy_balanced"]
    prog = result.progressive.query("run == 'all'").iloc[-1]["accuracy_balanced"]
    print(f"  {label:32s} {wall * 1000:7.1f} ms  {per:6.1f} µs/sample   grid BA {grid:.3f}  progressive BA {prog:.3f}")
