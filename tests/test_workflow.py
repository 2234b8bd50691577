"""The GitHub workflow is valid and passes zizmor, checks content fast and runs CI's tests.

It publishes only from main; the issue form and Dependabot are valid.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from finsam.site import report

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / report.ISSUE_FORM
SCHEMAS = {
    WORKFLOW: "vendor.github-workflows",
    ISSUE_FORM: "vendor.github-issue-forms",
    ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml": "vendor.github-issue-config",
    ROOT / ".github" / "dependabot.yml": "vendor.dependabot",
}
ENGLISH = re.compile(
    r"\b(build|test|tests|check|deploy|publish|changes|content|run)\b", re.IGNORECASE
)


@pytest.mark.parametrize("path", list(SCHEMAS), ids=lambda path: path.name)
def test_file_matches_githubs_schema(path: Path) -> None:
    """Each file is checked against the schema check-jsonschema ships (no download)."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", SCHEMAS[path], str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_zizmor_offline_with_the_repositorys_policy() -> None:
    """zizmor, the GitHub Actions security auditor, finds nothing.

    By the policy declared in .github/zizmor.yml.
    """
    zizmor = Path(sys.executable).parent / "zizmor"
    command = [
        str(zizmor),
        "--offline",
        "--format",
        "plain",
        "--config",
        str(ROOT / ".github" / "zizmor.yml"),
        str(ROOT / ".github"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_every_job_has_a_swedish_name() -> None:
    for job_id, job in _workflow()["jobs"].items():
        assert job.get("name"), job_id
        assert not ENGLISH.search(job["name"]), job["name"]


def test_pull_requests_outside_content_run_ci_script() -> None:
    workflow = _workflow()
    assert "pull_request" in workflow[True]
    test = workflow["jobs"]["test"]
    assert any(step.get("run") == "bash .ci/run" for step in test["steps"])
    assert test["needs"] == "changes"
    condition = test["if"]
    assert "github.event_name != 'pull_request'" in condition  # pushes to main always
    assert "needs.changes.outputs.code == 'true'" in condition  # pull requests that change code
    assert (
        "needs.changes.result != 'success'" in condition
    )  # and when the changed files are unknown


def test_changes_are_sorted_by_a_pinned_paths_filter() -> None:
    changes = _workflow()["jobs"]["changes"]
    (step,) = changes["steps"]
    assert re.fullmatch(
        r"dorny/paths-filter@[0-9a-f]{40}", step["uses"]
    )  # a third-party action: pinned to a commit
    filters = yaml.safe_load(step["with"]["filters"])
    assert filters == {"code": ["!content/**"]}
    assert changes["outputs"]["code"] == "${{ steps.filter.outputs.code }}"
    assert changes["permissions"] == {"pull-requests": "read"}


def test_content_job_checks_builds_diffs_and_uploads_without_a_browser() -> None:
    content = _workflow()["jobs"]["content"]
    assert content["name"] == "Kontroll av innehållet"
    assert content["if"] == "github.event_name == 'pull_request'"
    assert "container" not in content and "needs" not in content  # every pull request, at once
    runs = _runs(content)
    for forbidden in ("chromium", "apt-get", "playwright", ".ci/run", "make test"):
        assert forbidden not in runs
    examples = next(
        step for step in content["steps"] if "tests/test_editor_examples.py" in step.get("run", "")
    )
    assert re.findall(r"pytest[^\n|]*", runs) == [
        "pytest",
        "pytest -q -p no:cacheprovider tests/test_editor_examples.py 2>&1 ",
    ]  # installed, and only the examples' test
    assert (
        examples["shell"] == "bash"
        and "| python -c" in examples["run"]
        and "printable_lines" in examples["run"]
    )  # its output made safe, pipefail keeping its failure
    assert "--constraint requirements.txt" in runs  # the pinned versions
    order = [
        "finsam check --format github",
        "tests/test_editor_examples.py",
        "mkdocs build --strict --no-directory-urls",
        'finsam diff HEAD^1 | tee -a "$GITHUB_STEP_SUMMARY"',
        "GITHUB_STEP_SUMMARY",
    ]
    positions = [runs.index(command) for command in order]
    assert positions == sorted(positions)
    uses = [step.get("uses", "") for step in content["steps"]]
    assert any(use.startswith("actions/setup-python@") for use in uses)
    checkout = next(
        step for step in content["steps"] if step.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0  # HEAD^1, the base of the merge commit, is there
    upload = next(
        step
        for step in content["steps"]
        if step.get("uses", "").startswith("actions/upload-artifact@")
    )
    assert upload["with"]["path"] == "${{ runner.temp }}/webbplatsen"
    assert '--site-dir "$RUNNER_TEMP/webbplatsen"' in runs


def test_no_checkout_keeps_its_credentials() -> None:
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_no_expression_is_written_into_a_script() -> None:
    """Values from GitHub reach scripts as environment variables.

    Never pasted into the script text.
    """
    for job in _workflow()["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", "")


def test_site_is_published_from_main_only_after_the_tests() -> None:
    publish = _workflow()["jobs"]["publish"]
    assert publish["needs"] == "test"
    assert publish["if"] == (
        "${{ !cancelled() && needs.test.result == 'success' && github.event_name == 'push' && "
        "github.ref == 'refs/heads/main' }}"
    )
    assert any(
        step.get("uses", "").startswith("actions/deploy-pages@") for step in publish["steps"]
    )
    checkout = next(
        step for step in publish["steps"] if step.get("uses", "").startswith("actions/checkout@")
    )
    assert checkout["with"]["fetch-depth"] == 0


def test_issue_form_has_the_fields_the_plan_pages_fill_in() -> None:
    form = yaml.safe_load(ISSUE_FORM.read_text(encoding="utf-8"))
    ids = {field.get("id") for field in form["body"]}
    assert set(report.REPORT_FIELDS.values()) <= ids
    assert {"vad", "var"} <= ids  # what is wrong, where the source says so


def test_ci_script_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_section = readme.split("\n## ", 1)[0]
    assert "make test" in first_section
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_pull_request_template_has_the_review_checklist() -> None:
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "discrepancies" in template and "make check" in template
    for word in ("make diff", "artefakt", "Budgetändringar"):
        assert word in template
