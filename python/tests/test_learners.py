"""Learners of your own in the loop: river models beside AROW, scored by
the same metrics in the same tables and files; their errors."""

import pandas as pd
import pytest
from river import linear_model, tree

import orbitai
from conftest import tree as file_tree

SHORT = "tests/data/short-tumbling.ron"


class Threshold:
    """A pure-Python learner: ON below the midpoint of the largest ON and
    smallest OFF PD6 seen; records what it was given."""

    def __init__(self):
        self.max_on, self.min_off, self.seen = 0.0, 1.5708, []

    def predict_one(self, x):
        return x["pd6"] < (self.max_on + self.min_off) / 2 if self.seen else None

    def learn_one(self, x, y):
        self.seen.append((dict(x), y))
        if y:
            self.max_on = max(self.max_on, x["pd6"])
        else:
            self.min_off = min(self.min_off, x["pd6"])


def test_river_models_train_beside_arow_on_the_tumbling_scenario(tmp_path):
    logreg = linear_model.LogisticRegression()
    hoeffding = tree.HoeffdingTreeClassifier()
    result = orbitai.run(
        "scenarios/tumbling.ron",
        out=tmp_path,
        progress=False,
        learners=[
            orbitai.Learner(logreg, "river_logreg"),
            orbitai.Learner(hoeffding, "river_hoeffding"),
        ],
    )
    grid = result.metrics_grid.set_index(["algorithm", "dimension"])
    for name in ("river_logreg", "river_hoeffding", "arow"):
        row = grid.loc[(name, 3)]
        assert row[["TP", "FN", "FP", "TN"]].sum() == 158
        assert 0 <= row["accuracy_balanced"] <= 1
    overall = result.progressive.query("run == 'all'").set_index(["algorithm", "dimension"])
    samples = overall.loc[("arow", 3), "samples"]
    assert samples > 4000
    assert overall.loc[("river_logreg", 3), "samples"] == samples
    assert overall.loc[("river_hoeffding", 3), "samples"] == samples
    # The objects you passed are the ones trained.
    assert result.learners["river_logreg_3D"] is logreg
    assert set(logreg.weights) == {"pd6", "pd6^2", "pd6^3"}
    assert hoeffding.n_nodes >= 1
    # The same rows are in the files, and in summary.json.
    written = (tmp_path / "tumbling" / "metrics_grid.csv").read_text()
    assert written.count("\nriver_") == 2
    final = {m["model"]: m for m in result.summary["experiments"][0]["final"]}
    assert final["river_logreg_3D"]["samples_trained"] == samples
    assert final["river_logreg_3D"]["updates"] is None
    assert len(result.metrics_grid) == 34


def test_a_learner_sees_the_samples_and_labels_of_the_flight_models():
    mine = Threshold()
    result = orbitai.run(SHORT, progress=False, learners={"threshold": mine})
    training = result.training
    assert len(mine.seen) == len(training)
    # x is the PD6 of the sample (3D: pd6, pd6², pd6³ as the flight server
    # computes them from the %f text), y its label.
    for (x, y), (_, row) in zip(mine.seen, training.iterrows()):
        assert set(x) == {"pd6", "pd6^2", "pd6^3"}
        assert x["pd6"] == pytest.approx(row["pd6"], abs=1e-6)
        assert y is bool(row["label"])
    assert orbitai.feature_names("3D") == ["pd6", "pd6^2", "pd6^3"]
    assert orbitai.feature_names("5D") == ["pd1", "pd2", "pd3", "pd4", "pd5"]


def test_learners_do_not_change_the_flight_models(cli, tmp_path):
    plain = orbitai.run(SHORT, out=tmp_path / "plain", progress=False)
    mixed = orbitai.run(
        SHORT, out=tmp_path / "mixed", progress=False, learners={"threshold": Threshold()}
    )
    a, b = file_tree(tmp_path / "plain"), file_tree(tmp_path / "mixed")
    for name in a:
        if not name.endswith(("metrics_grid.csv", "metrics_progressive.csv", "summary.json")):
            assert a[name] == b[name], name
    pd.testing.assert_frame_equal(plain.metrics_grid, mixed.metrics_grid.iloc[:32])


def test_a_custom_space():
    space = {"name": "sines", "features": [{"name": "s6", "expr": "sin(pd6)"}]}
    seen = []

    class Sine:
        def predict_one(self, x):
            return x["s6"] < 0.8

        def learn_one(self, x, y):
            seen.append(x)

    result = orbitai.run(SHORT, progress=False, learners=[orbitai.Learner(Sine(), "sine", space)])
    assert set(seen[0]) == {"s6"}
    assert "sine_sines" in result.learners
    assert orbitai.feature_names(space) == ["s6"]


class Fails:
    def __init__(self, after):
        self.after = after

    def predict_one(self, x):
        self.after -= 1
        if self.after == 0:
            raise ValueError("bad input")
        return True

    def learn_one(self, x, y):
        pass


def test_a_learner_that_raises_stops_the_run_with_its_exception(tmp_path):
    with pytest.raises(orbitai.LearnerError, match='learner "bad": ValueError: bad input') as caught:
        orbitai.run(SHORT, out=tmp_path, progress=False, learners={"bad": Fails(10)})
    assert isinstance(caught.value.__cause__, ValueError)
    assert list(tmp_path.iterdir()) == []


def test_a_prediction_that_is_not_a_label_is_an_error():
    odd = Fails(-1)
    odd.predict_one = lambda x: "maybe"
    with pytest.raises(orbitai.LearnerError, match="predict_one returned 'maybe'"):
        orbitai.run(SHORT, progress=False, learners={"odd": odd})


def test_bad_learners_are_refused_before_running():
    with pytest.raises(TypeError, match="no predict_one"):
        orbitai.run(SHORT, progress=False, learners={"x": object()})
    with pytest.raises(ValueError, match="learner name"):
        orbitai.run(SHORT, progress=False, learners={"a b": Threshold()})
    with pytest.raises(orbitai.OrbitaiError, match="already has a model named \"arow_3D\""):
        orbitai.run(SHORT, progress=False, learners={"arow": Threshold()})
    with pytest.raises(orbitai.OrbitaiError, match="known: orbitai"):
        orbitai.run(
            SHORT, progress=False, learners=[orbitai.Learner(Threshold(), "t", experiment="x")]
        )
    with pytest.raises(ValueError, match="space"):
        orbitai.run(SHORT, progress=False, learners=[orbitai.Learner(Threshold(), "t", "4D")])
