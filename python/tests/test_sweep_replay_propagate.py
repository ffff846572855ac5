"""orbitai.sweep, orbitai.replay and orbitai.propagate against the command."""

import subprocess

import pandas as pd
import pytest

import orbitai
from conftest import tree

SWEEP = "tests/data/small-sweep.ron"


def test_a_sweep_equals_the_commands(cli, tmp_path):
    subprocess.run([cli, "sweep", "--quiet", SWEEP, "--out", tmp_path / "cli"], check=True)
    result = orbitai.sweep(SWEEP, out=tmp_path / "py", progress=False)
    assert (result.ran, result.failed, result.already_done) == (12, 0, 0)
    for name in ("members.csv", "aggregate.csv", "aggregate.json", "report.html"):
        assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    members = pd.read_csv(tmp_path / "cli" / "members.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(result.members, members)
    aggregate = pd.read_csv(tmp_path / "cli" / "aggregate.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(result.aggregate, aggregate)
    assert {"cell", "noise", "algorithm", "metric", "mean", "ci95_low", "ci95_high"} <= set(
        result.aggregate.columns
    )
    assert result.summary  # aggregate.json
    assert "small" in str(result)


SMALL = {
    "name": "small",
    "base": "short-tumbling.ron",
    "members": 6,
    "seed": 5,
    "curve_every": 20,
    "set": [{"path": "step_s", "value": 5.0}],
    "dispersions": [
        {"name": "attitude", "path": "spacecraft[0].craft.attitude.entries[0].mode.Spin.initial",
         "dist": "UniformRotation"},
        {"name": "rate_x", "path": "spacecraft[0].craft.attitude.entries[0].mode.Spin.rate_rad_s[0]",
         "dist": {"Normal": [0.0, 0.04]}},
        {"name": "offset_s", "path": "start", "also": ["experiments[0].runs[*].start"],
         "dist": {"Uniform": [0.0, 600.0]}, "apply": "Add"},
    ],
    "grid": [{"name": "noise", "path": "spacecraft[0].craft.photodiodes.diodes[*].noise_sigma",
              "values": [0.002, 0.02]}],
}


def test_a_sweep_dict_runs_as_its_file(tmp_path):
    from_file = orbitai.sweep(SWEEP, out=tmp_path / "file", progress=False)
    from_dict = orbitai.sweep(SMALL, out=tmp_path / "dict", base="tests/data", progress=False)
    assert from_dict.ran == 12
    pd.testing.assert_frame_equal(from_file.members, from_dict.members)
    pd.testing.assert_frame_equal(from_file.aggregate, from_dict.aggregate)


def test_a_bad_sweep_dict_names_the_field(tmp_path):
    bad = dict(SMALL, dispersions=[dict(SMALL["dispersions"][1], dist=3)])
    with pytest.raises(orbitai.ScenarioError) as caught:
        orbitai.sweep(bad, out=tmp_path, base="tests/data", progress=False)
    (problem,) = caught.value.problems
    assert (problem.file, problem.path, problem.line) == ("<sweep dict>", "dispersions[0].dist", None)
    bad = dict(SMALL, members=0, grid=[dict(SMALL["grid"][0], path="no.such.field")])
    with pytest.raises(orbitai.ScenarioError) as caught:
        orbitai.sweep(bad, out=tmp_path, base="tests/data", progress=False)
    paths = {p.path for p in caught.value.problems}
    assert "members" in paths and any(p.startswith("grid[0]") for p in paths), caught.value.problems


def test_a_sweep_in_shards_and_resumed(tmp_path):
    first = orbitai.sweep(SWEEP, out=tmp_path / "s0", shard=(0, 2), progress=False)
    second = orbitai.sweep(SWEEP, out=tmp_path / "s1", shard="1/2", progress=False)
    assert first.ran == second.ran == 6
    again = orbitai.sweep(SWEEP, out=tmp_path / "s0", shard=(0, 2), resume=True, progress=False)
    assert (again.ran, again.already_done) == (0, 6)
    with pytest.raises(orbitai.OrbitaiError, match="resume"):
        orbitai.sweep(SWEEP, out=tmp_path / "s0", shard=(0, 2), progress=False)
    with pytest.raises(ValueError, match="shard"):
        orbitai.sweep(SWEEP, out=tmp_path / "x", shard="2/2", progress=False)


def test_a_sweep_with_problems(tmp_path):
    bad = tmp_path / "bad.ron"
    bad.write_text(open(SWEEP).read().replace("members: 6", "members: 0").replace(
        '"short-tumbling.ron"', '"../../work/main/tests/data/short-tumbling.ron"'))
    with pytest.raises(orbitai.ScenarioError) as caught:
        orbitai.sweep(bad, out=tmp_path / "out", progress=False)
    assert any(p.path == "members" for p in caught.value.problems), caught.value.problems


def test_sweep_progress_counts_members(tmp_path):
    seen = []
    orbitai.sweep(SWEEP, out=tmp_path, progress=lambda tasks, notes: seen.append(tasks))
    assert seen[-1] == [("small", 12, 12, "members", True)]


def test_a_replay_equals_the_commands(cli, flight, tmp_path):
    subprocess.run(
        [cli, "replay", flight, "--out", tmp_path / "cli"], check=True, capture_output=True
    )
    result = orbitai.replay(flight, out=tmp_path / "py")
    assert tree(tmp_path / "py") == tree(tmp_path / "cli")
    assert len(result.runs) == 14
    assert result.runs["samples"].sum() == 8167
    assert result.agreements["differing"].sum() == 0
    grid = pd.read_csv(tmp_path / "cli" / "metrics_grid.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(result.metrics_grid, grid)
    assert "arow_3D" in result.models
    paper = orbitai.replay(flight, "paper")
    assert not paper.metrics_grid.equals(result.metrics_grid)
    with pytest.raises(ValueError, match="profile"):
        orbitai.replay(flight, "other")


def test_a_replay_of_a_missing_directory():
    with pytest.raises(orbitai.OrbitaiError, match="no/such/dir"):
        orbitai.replay("no/such/dir")


TLE = "assets/tle/opssat-2021-02-08.tle"


def test_propagate_equals_the_command(cli, tmp_path):
    subprocess.run(
        [cli, "propagate", "--tle-file", TLE, "--start", "2021-04-16T18:28:31Z",
         "--duration", "5400", "--step", "60", "--out", tmp_path / "p.csv"],
        check=True, capture_output=True,
    )
    frame = orbitai.propagate(TLE, "2021-04-16T18:28:31Z", 5400, 60)
    pd.testing.assert_frame_equal(frame, pd.read_csv(tmp_path / "p.csv"))
    assert len(frame) == 91
    assert {"illumination"} <= set(frame.columns)
    lines = open(TLE).read()
    from_text = orbitai.propagate(lines, "2021-04-16T18:28:31Z", 5400, 60)
    pd.testing.assert_frame_equal(frame, from_text)


def test_propagate_errors():
    with pytest.raises(ValueError, match="start"):
        orbitai.propagate(TLE, "yesterday", 60, 1)
    with pytest.raises(orbitai.OrbitaiError, match="step"):
        orbitai.propagate(TLE, "2021-04-16T18:28:31Z", 60, 0)
    with pytest.raises(orbitai.OrbitaiError, match="no/such.tle"):
        orbitai.propagate("no/such.tle", "2021-04-16T18:28:31Z", 60, 1)
