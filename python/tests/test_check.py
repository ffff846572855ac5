"""orbitai.check: files and dicts, the scenario back as a dict, problems
located by file, line, column and field path."""

import copy

import pytest

import orbitai


def test_a_file_comes_back_as_a_dict_with_every_default():
    scenario = orbitai.check("scenarios/tumbling.ron")
    assert scenario["name"] == "tumbling"
    assert scenario["duration_s"] == 86400
    # Defaults filled in: six photodiodes, the flight model set.
    diodes = scenario["spacecraft"][0]["craft"]["photodiodes"]["diodes"]
    assert len(diodes) == 6
    assert scenario["experiments"][0]["models"]["algorithms"][0] == "adam"


def test_a_dict_round_trips():
    scenario = orbitai.check("scenarios/tumbling.ron")
    assert orbitai.check(scenario, base="scenarios") == scenario


def test_a_bad_dict_field_names_its_path():
    scenario = orbitai.check("scenarios/tumbling.ron")
    bad = copy.deepcopy(scenario)
    bad["spacecraft"][0]["craft"]["photodiodes"]["diodes"][2]["noise_sigma"] = "high"
    with pytest.raises(orbitai.ScenarioError) as caught:
        orbitai.check(bad, base="scenarios")
    (problem,) = caught.value.problems
    assert problem.path == "spacecraft[0].craft.photodiodes.diodes[2].noise_sigma"
    assert problem.file == "<scenario dict>"
    assert (problem.line, problem.column) == (None, None)
    assert "expected f64" in problem.message or "invalid type" in problem.message
    assert isinstance(caught.value, ValueError)


def test_every_validation_problem_of_a_dict_is_listed():
    bad = orbitai.check("scenarios/tumbling.ron")
    bad["duration_s"] = -5
    bad["experiments"][0]["interval_s"] = 0
    with pytest.raises(orbitai.ScenarioError) as caught:
        orbitai.check(bad, base="scenarios")
    paths = [p.path for p in caught.value.problems]
    assert "duration_s" in paths
    assert "experiments[0].interval_s" in paths


def test_an_unknown_field_and_nan_are_refused():
    bad = orbitai.check("scenarios/tumbling.ron")
    bad["duratoin_s"] = 5
    with pytest.raises(orbitai.ScenarioError, match="unknown field `duratoin_s`"):
        orbitai.check(bad, base="scenarios")
    bad = orbitai.check("scenarios/tumbling.ron")
    bad["duration_s"] = float("nan")
    with pytest.raises(orbitai.ScenarioError, match="NaN"):
        orbitai.check(bad)


def test_a_bad_file_is_located(tmp_path):
    text = open("tests/data/short-tumbling.ron").read().replace("seed: 99", "seed: -1")
    path = tmp_path / "bad.ron"
    path.write_text(text)
    with pytest.raises(orbitai.ScenarioError) as caught:
        orbitai.check(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.line == text[: text.index("seed: -1")].count("\n") + 1
    assert problem.column is not None
    assert problem.path == "seed"
    assert str(path) in str(caught.value)


def test_a_missing_file_and_a_wrong_type():
    with pytest.raises(orbitai.ScenarioError, match="cannot read"):
        orbitai.check("no/such/scenario.ron")
    with pytest.raises(TypeError):
        orbitai.check(42)


def test_a_sweep_file_is_checked_with_its_base():
    found = orbitai.check("tests/data/small-sweep.ron")
    assert found["sweep"] == {"name": "small", "members": 6, "cells": 2, "jobs": 12}
    assert found["base"]["name"] == "short-tumbling"
