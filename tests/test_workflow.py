"""The GitHub workflow is valid, runs the same tests as CI, and publishes only from main."""

from __future__ import annotations

import subprocess
import sys

import yaml
from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def test_workflow_matches_githubs_schema() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_every_pull_request_runs_ci_script() -> None:
    workflow = _workflow()
    assert "pull_request" in workflow[True]
    steps = workflow["jobs"]["test"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in steps)


def test_site_is_published_from_main_only_after_the_tests() -> None:
    publish = _workflow()["jobs"]["publish"]
    assert publish["needs"] == "test"
    assert publish["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in publish["steps"])


def test_ci_script_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = readme.split("\n## ", 1)[0]
    assert "make test" in first_section
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_pull_request_template_has_the_review_checklist() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "discrepancies" in template and "finsam check" in template
