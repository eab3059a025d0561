"""Checks for the GitHub Pages publishing workflow (.github/workflows/pages.yml)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"

SHA_RE = re.compile(r"^[0-9a-f]{40}$")
TAG_RE = re.compile(r"^v\d+(\.\d+){0,2}$")
EXPR_RE = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@pytest.fixture(scope="module")
def workflow():
    assert WORKFLOW.is_file(), f"missing workflow file {WORKFLOW}"
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "workflow must be a YAML mapping"
    return data


@pytest.fixture(scope="module")
def jobs(workflow):
    jobs = workflow.get("jobs")
    assert isinstance(jobs, dict), "workflow has no 'jobs' mapping"
    return jobs


@pytest.fixture(scope="module")
def build_steps(jobs):
    assert "build" in jobs, "missing 'build' job"
    steps = jobs["build"].get("steps")
    assert isinstance(steps, list) and steps, "build job has no steps"
    return steps


def _triggers(workflow):
    # YAML 1.1 (PyYAML) parses the bare key `on` as boolean True.
    if "on" in workflow:
        return workflow["on"]
    assert True in workflow, "workflow has no 'on' triggers"
    return workflow[True]


def _action(step):
    """Return the action name of a `uses:` step without its version ('' if none)."""
    uses = step.get("uses", "")
    return uses.split("@", 1)[0]


def _index(steps, action):
    matches = [i for i, s in enumerate(steps) if _action(s) == action]
    assert len(matches) == 1, f"expected exactly one '{action}' step, found {len(matches)}"
    return matches[0]


def _all_steps(jobs):
    for name, job in jobs.items():
        for step in job.get("steps", []) or []:
            yield name, step


def _expressions(value):
    """Names inside ${{ }} in a scalar, e.g. 'vars.SITEURL'."""
    return EXPR_RE.findall(str(value))


# --- triggers, permissions, concurrency -------------------------------------


def test_triggers(workflow):
    on = _triggers(workflow)
    assert isinstance(on, dict), "'on' must be a mapping"
    assert set(on) == {"push", "workflow_dispatch"}, f"unexpected triggers: {sorted(on)}"
    push = on["push"]
    assert isinstance(push, dict) and push.get("branches") == ["main"], (
        "push trigger must be restricted to branch 'main'"
    )
    assert on["workflow_dispatch"] in (None, {}), "workflow_dispatch should take no inputs"


def test_permissions_least_privilege(workflow):
    assert workflow.get("permissions") == {
        "contents": "read",
        "pages": "write",
        "id-token": "write",
    }


def test_jobs_do_not_widen_permissions(jobs):
    for name, job in jobs.items():
        assert "permissions" not in job, f"job '{name}' must not override permissions"


def test_concurrency(workflow):
    assert workflow.get("concurrency") == {"group": "pages", "cancel-in-progress": False}


def test_runs_on_ubuntu_latest(jobs):
    assert set(jobs) == {"build", "deploy"}, f"unexpected jobs: {sorted(jobs)}"
    for name, job in jobs.items():
        assert job.get("runs-on") == "ubuntu-latest", f"job '{name}' must run on ubuntu-latest"


# --- build job ---------------------------------------------------------------


def test_build_step_order(build_steps):
    order = [
        _index(build_steps, "actions/checkout"),
        _index(build_steps, "actions/setup-python"),
        _index(build_steps, "actions/configure-pages"),
        _make_test_index(build_steps),
        _make_step_index(build_steps),
        _index(build_steps, "actions/upload-pages-artifact"),
    ]
    assert order == sorted(order), (
        "build steps must be: checkout, setup-python, configure-pages, make test, make publish, "
        f"upload-pages-artifact (found at indices {order})"
    )


def _make_test_index(build_steps):
    matches = [i for i, s in enumerate(build_steps) if re.fullmatch(r"\s*make\s+test\s*", str(s.get("run", "")))]
    assert len(matches) == 1, f"expected exactly one 'make test' step, found {len(matches)}"
    return matches[0]


def test_action_major_versions(jobs):
    expected = {
        "actions/checkout": "v4",
        "actions/setup-python": "v5",
        "actions/configure-pages": "v5",
        "actions/upload-pages-artifact": "v3",
        "actions/deploy-pages": "v4",
    }
    seen = {}
    for _, step in _all_steps(jobs):
        if "uses" in step:
            action, _, ref = step["uses"].partition("@")
            seen[action] = ref
    assert set(seen) == set(expected), f"unexpected set of actions: {sorted(seen)}"
    for action, major in expected.items():
        ref = seen[action]
        # A full commit SHA is also acceptable (pinned more strictly).
        assert SHA_RE.match(ref) or ref == major or ref.startswith(major + "."), (
            f"{action} should be pinned to {major} (got @{ref})"
        )


def test_setup_python_311(build_steps):
    step = build_steps[_index(build_steps, "actions/setup-python")]
    version = (step.get("with") or {}).get("python-version")
    assert isinstance(version, str), "python-version must be a quoted string (3.10 vs 3.1 pitfall)"
    assert version == "3.11"


def test_configure_pages_has_id(build_steps):
    step = build_steps[_index(build_steps, "actions/configure-pages")]
    assert step.get("id") == "pages"


def _siteurl_step(build_steps):
    matches = [
        s for s in build_steps
        if "run" in s and any("steps.pages.outputs.base_url" in e
                              for v in (s.get("env") or {}).values()
                              for e in _expressions(v))
    ]
    assert len(matches) == 1, "expected one run step receiving steps.pages.outputs.base_url via env"
    return matches[0]


def test_siteurl_step_inputs(build_steps):
    step = _siteurl_step(build_steps)
    env_exprs = {e for v in step["env"].values() for e in _expressions(v)}
    assert "vars.SITEURL" in env_exprs, "SITEURL step must read the repository variable vars.SITEURL"
    assert "steps.pages.outputs.base_url" in env_exprs
    assert step.get("id"), "SITEURL step needs an id so its output can be referenced"
    assert build_steps.index(step) > _index(build_steps, "actions/configure-pages")
    assert build_steps.index(step) < _make_step_index(build_steps)


def _make_step_index(build_steps):
    matches = [i for i, s in enumerate(build_steps)
               if re.search(r"\bmake\s+publish\b", str(s.get("run", "")))]
    assert len(matches) == 1, f"expected exactly one 'make publish' step, found {len(matches)}"
    return matches[0]


def test_make_publish_uses_computed_siteurl(build_steps):
    step = build_steps[_make_step_index(build_steps)]
    assert re.search(r'make\s+publish\s+SITEURL="\$\{?SITEURL\}?"', step["run"]), (
        f"make publish must be called with SITEURL=\"$SITEURL\", got: {step['run']!r}"
    )
    siteurl_step = _siteurl_step(build_steps)
    env = step.get("env") or {}
    assert "SITEURL" in env, "make publish step must receive SITEURL through env"
    assert _expressions(env["SITEURL"]) == [f"steps.{siteurl_step['id']}.outputs.siteurl"], (
        "SITEURL for make publish must come from the SITEURL step's output"
    )


def test_upload_artifact_path(build_steps):
    step = build_steps[_index(build_steps, "actions/upload-pages-artifact")]
    assert (step.get("with") or {}).get("path") == "output"


# --- behaviour of the SITEURL script -----------------------------------------


def _run_siteurl_script(build_steps, tmp_path, vars_siteurl, base_url):
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash not available")
    step = _siteurl_step(build_steps)
    # Map each env name to the expression it is fed from, then set values.
    values = {"vars.SITEURL": vars_siteurl, "steps.pages.outputs.base_url": base_url}
    env = {"PATH": "/usr/bin:/bin"}
    for name, value in step["env"].items():
        (expr,) = _expressions(value)
        env[name] = values[expr]
    out = tmp_path / "github_output"
    out.write_text("")
    env["GITHUB_OUTPUT"] = str(out)
    proc = subprocess.run([bash, "-e", "-c", step["run"]], env=env,
                          capture_output=True, text=True)
    outputs = dict(line.split("=", 1) for line in out.read_text().splitlines() if "=" in line)
    return proc.returncode, outputs.get("siteurl")


@pytest.mark.parametrize(
    "vars_siteurl, base_url, expected",
    [
        ("", "https://user.github.io/repo", "https://user.github.io/repo"),
        ("", "https://user.github.io/repo/", "https://user.github.io/repo"),
        ("https://example.org/", "https://user.github.io/repo", "https://example.org"),
        ("https://example.org", "", "https://example.org"),
        ("https://example.org//", "https://user.github.io/repo/", "https://example.org"),
    ],
)
def test_siteurl_resolution(build_steps, tmp_path, vars_siteurl, base_url, expected):
    rc, siteurl = _run_siteurl_script(build_steps, tmp_path, vars_siteurl, base_url)
    assert rc == 0
    assert siteurl == expected


@pytest.mark.parametrize("vars_siteurl, base_url", [("", ""), ("https://x.org\nEVIL=1", "")])
def test_siteurl_rejects_bad_values(build_steps, tmp_path, vars_siteurl, base_url):
    rc, _ = _run_siteurl_script(build_steps, tmp_path, vars_siteurl, base_url)
    assert rc != 0


# --- deploy job --------------------------------------------------------------


def test_deploy_job(jobs):
    deploy = jobs.get("deploy")
    assert deploy, "missing 'deploy' job"
    needs = deploy.get("needs")
    assert needs in ("build", ["build"]), "deploy must need build"
    env = deploy.get("environment")
    assert isinstance(env, dict) and env.get("name") == "github-pages"
    assert _expressions(env.get("url", "")) == ["steps.deployment.outputs.page_url"]
    steps = deploy.get("steps") or []
    step = steps[_index(steps, "actions/deploy-pages")]
    assert step.get("id") == "deployment"


# --- hardening -----------------------------------------------------------------


def test_every_action_is_pinned(jobs):
    uses = [(name, step["uses"]) for name, step in _all_steps(jobs) if "uses" in step]
    assert uses, "no actions found"
    for name, ref in uses:
        action, sep, version = ref.partition("@")
        assert sep and action and version, f"{name}: '{ref}' is not pinned to a version"
        assert SHA_RE.match(version) or TAG_RE.match(version), (
            f"{name}: '{ref}' must be pinned to a version tag or a 40-hex commit SHA"
        )
        assert version.lower() not in {"main", "master", "latest", "head"}


def test_no_expressions_in_run_scripts(jobs):
    runs = [(name, step["run"]) for name, step in _all_steps(jobs) if "run" in step]
    assert runs, "no run steps found"
    for name, script in runs:
        assert "${{" not in script, (
            f"job '{name}': pass expressions to run scripts via env, not inline: {script!r}"
        )
