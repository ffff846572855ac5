"""`orbitai regress --junit` writes JUnit XML that validates against the
JUnit schema CI systems read (tests/data/junit.xsd), for a pass, a
regression and a failed run."""

import subprocess
from pathlib import Path
from xml.etree import ElementTree

import xmlschema

from conftest import ROOT

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "data" / "junit.xsd")


def copy_scenario(dir: Path, edit=lambda t: t) -> Path:
    text = (ROOT / "scenarios" / "tumbling.ron").read_text()
    text = text.replace('File("../assets/', f'File("{ROOT}/assets/')
    path = dir / "tumbling.ron"
    path.write_text(edit(text))
    return path


def regress(cli, base: Path, junit: Path) -> tuple[int, ElementTree.Element]:
    done = subprocess.run([cli, "regress", base, "--junit", junit], capture_output=True)
    SCHEMA.validate(junit)  # raises on any violation
    return done.returncode, ElementTree.parse(junit).getroot()


def test_the_junit_report_validates_for_a_pass_a_regression_and_a_failure(cli, tmp_path):
    copy_scenario(tmp_path)
    base = tmp_path / "baselines"
    subprocess.run(
        [cli, "baseline", tmp_path / "tumbling.ron", "--out", base, "--max-duration", "3600"],
        check=True, capture_output=True,
    )
    code, root = regress(cli, base, tmp_path / "pass.xml")
    assert code == 0
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == ["files", "metrics"]
    assert all(c.get("classname") == "orbitai.regress.tumbling" for c in cases)
    assert not root.findall(".//failure")

    copy_scenario(tmp_path, lambda t: t.replace("(sunlit_start:", "(models: (hyperparameters: (arow: (r: 0.1))), sunlit_start:"))
    code, root = regress(cli, base, tmp_path / "fail.xml")
    assert code == 1
    (failure,) = root.findall(".//testcase[@name='metrics']/failure")
    assert "moved beyond tolerance" in failure.get("message")
    assert "orbitai/arow_3D" in failure.text
    assert root.get("failures") == "1"

    copy_scenario(tmp_path, lambda t: t.replace("seed: 11", "seed: -11"))
    code, root = regress(cli, base, tmp_path / "error.xml")
    assert code == 2
    (error,) = root.findall(".//testcase[@name='run']/error")
    assert "seed" in error.text


def test_the_schema_rejects_what_ci_systems_would():
    bad = '<testsuites><testsuite tests="1"><testcase/></testsuite></testsuites>'
    assert not SCHEMA.is_valid(bad)  # no suite name, no case name


def test_regress_from_python(tmp_path):
    import orbitai

    source = copy_scenario(tmp_path)
    (written,) = orbitai.baseline([source], tmp_path / "b", max_duration_s=3600)
    assert written.name == "tumbling.baseline.json"
    passed = orbitai.regress(tmp_path / "b")
    assert passed.status == "passed" and bool(passed) and passed.changes.empty
    SCHEMA.validate(ElementTree.fromstring(passed.junit))
    copy_scenario(tmp_path, lambda t: t.replace("(sunlit_start:", "(models: (hyperparameters: (arow: (r: 0.1))), sunlit_start:"))
    moved = orbitai.regress(tmp_path / "b", {"grid_balanced_accuracy": 0.01})
    assert moved.status == "regressed" and not moved
    rows = moved.changes[moved.changes["regressed"]]
    assert set(rows["check"]) == {"metrics"}
    assert rows["item"].str.startswith("orbitai/arow_").all()
    assert "REGRESSED" in str(moved)
    import pytest

    with pytest.raises(ValueError, match="unknown metric"):
        orbitai.regress(tmp_path / "b", ["grid_balanced_acuracy=0.1"])
    with pytest.raises(orbitai.OrbitaiError, match="no \\*.baseline.json"):
        orbitai.regress(tmp_path)
