"""orbitai.run: DataFrames equal to the command's files, dict scenarios,
progress, Ctrl-C."""

import json
import os
import signal
import subprocess
import threading
import time

import pandas as pd
import pytest

import orbitai
from conftest import tree

SHORT = "tests/data/short-tumbling.ron"


def test_the_files_equal_the_commands_byte_for_byte(cli, tmp_path):
    subprocess.run([cli, "run", "--quiet", SHORT, "--out", tmp_path / "cli"], check=True)
    result = orbitai.run(SHORT, out=tmp_path / "py", progress=False)
    ours, theirs = tree(tmp_path / "py"), tree(tmp_path / "cli")
    assert ours.keys() == theirs.keys()
    for name in theirs:
        assert ours[name] == theirs[name], name
    assert result.dir == tmp_path / "py" / "short-tumbling"
    assert sorted(str(f.relative_to(tmp_path / "py")) for f in result.files) == sorted(theirs)


def test_the_dataframes_are_the_files(cli, tmp_path):
    subprocess.run([cli, "run", "--quiet", SHORT, "--out", tmp_path], check=True)
    files = tmp_path / "short-tumbling"
    result = orbitai.run(SHORT, progress=False)  # nothing written
    assert result.dir is None and result.files == []
    read = lambda name: pd.read_csv(files / name, keep_default_na=False, na_values=[""])
    for frame, name in [
        (result.metrics_grid, "metrics_grid.csv"),
        (result.progressive, "metrics_progressive.csv"),
    ]:
        assert list(frame["experiment"].unique()) == ["orbitai"]
        pd.testing.assert_frame_equal(frame.drop(columns="experiment"), read(name))
    runs = sorted(p.stem for p in files.glob("data_*.csv"))
    assert sorted(result.telemetry["run"].unique()) == runs
    first = result.telemetry[result.telemetry["run"] == runs[0]]
    on_disk = pd.read_csv(files / f"{runs[0]}.csv", na_values=["x"], keep_default_na=False)
    # The same values; a column with NaN in another run is float here.
    pd.testing.assert_frame_equal(
        first.drop(columns=["experiment", "run"]).reset_index(drop=True),
        on_disk,
        check_dtype=False,
    )
    training = pd.read_csv(files / "training.csv", header=None)
    assert result.training.shape == (len(training), 1 + 40)
    assert (result.training["timestamp"].to_numpy() == training[0].to_numpy()).all()
    assert set(result.training["label"]) <= {0, 1}
    assert "update_ms_arow_3D" in result.training.columns
    summary = json.loads((files / "summary.json").read_text())
    for key in ("scenario", "seed", "ticks", "experiments"):
        assert result.summary[key] == summary[key]
    assert result.models["arow_3D"] == json.loads((files / "models/arow_3D.json").read_text())
    assert len(result.models) == 32
    assert result.curve.empty  # no curve_every in this scenario
    assert "short-tumbling" in str(result) and "arow" in str(result)


def test_a_dict_runs_as_its_file():
    scenario = orbitai.check(SHORT)
    from_file = orbitai.run(SHORT, progress=False)
    from_dict = orbitai.run(scenario, base="tests/data", progress=False)
    pd.testing.assert_frame_equal(from_file.metrics_grid, from_dict.metrics_grid)
    pd.testing.assert_frame_equal(from_file.telemetry, from_dict.telemetry)
    scenario["seed"] = 100
    other = orbitai.run(scenario, base="tests/data", progress=False)
    assert not other.telemetry.equals(from_file.telemetry)


def test_a_runaway_scenario_is_refused_with_its_cost_unless_forced(tmp_path):
    scenario = orbitai.check(SHORT)
    scenario["duration_s"] = 315576000.0  # a decade
    scenario["step_s"] = 0.001
    with pytest.raises(orbitai.OrbitaiError, match=r"refused: 3\.2e11 ticks.*force=True"):
        orbitai.run(scenario, out=tmp_path / "out", base="tests/data", progress=False)
    assert not (tmp_path / "out").exists()
    # Forced and capped at a minute, it runs.
    result = orbitai.run(
        scenario, base="tests/data", progress=False, force=True, max_duration_s=60
    )
    assert result.ticks == 60001


def test_the_default_scenario_and_a_duration_limit():
    result = orbitai.run(max_duration_s=3600, progress=False)
    assert result.name == "opssat-2021-04"
    assert result.ticks == 3601
    with pytest.raises(orbitai.OrbitaiError, match="max_duration_s"):
        orbitai.run(max_duration_s=-1, progress=False)


def test_a_curve_when_the_scenario_asks_for_one():
    scenario = orbitai.check(SHORT)
    scenario["experiments"][0]["curve_every"] = 50
    result = orbitai.run(scenario, base="tests/data", progress=False)
    arow = result.curve.query("algorithm == 'arow' and dimension == 3")
    assert list(arow["samples"]) == list(range(50, 50 * (len(arow) + 1), 50))
    assert arow["accuracy_balanced"].between(0, 1).all()


def test_progress_reaches_the_callback():
    seen = []
    orbitai.run(SHORT, progress=lambda tasks, notes: seen.append(tasks))
    final = seen[-1]
    assert final == [("short-tumbling", 1501, 1501, "ticks", True)]


def test_tqdm_bars_do_not_get_in_the_way(capsys):
    orbitai.run(SHORT, progress=True)
    assert "Traceback" not in capsys.readouterr().err


def long_scenario():
    scenario = orbitai.check("scenarios/tumbling.ron")
    scenario["duration_s"] = 200 * 86400  # ~10 s of simulation
    return scenario


def test_ctrl_c_stops_a_run_cleanly(tmp_path):
    timer = threading.Timer(0.3, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        orbitai.run(long_scenario(), out=tmp_path, base="scenarios", progress=False)
    timer.join()
    assert list(tmp_path.iterdir()) == [], "nothing written"


def test_a_progress_callback_that_raises_stops_the_run():
    def fail(tasks, notes):
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        orbitai.run(long_scenario(), base="scenarios", progress=fail)


def test_the_gil_is_released_while_a_run_goes_on():
    ticks = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    scenario = orbitai.check("scenarios/tumbling.ron")
    scenario["duration_s"] = 20 * 86400
    orbitai.run(scenario, base="scenarios", progress=False)
    stop.set()
    counter.join()
    # The other thread ran during the simulation (it would not, if the
    # GIL were held).
    assert len(ticks) > 50, len(ticks)
