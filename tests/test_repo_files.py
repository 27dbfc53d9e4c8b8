"""The files that run the project's checks elsewhere (CI, pre-commit, editors) say what exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import jsonschema
import yaml

from conftest import REPO
from connecting.tools.cli import build_parser
from connecting.data.schema import schema

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def _make_targets() -> set[str]:
    return set(re.findall(r"^([A-Za-z][\w-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))


def _subcommands() -> set[str]:
    parser = build_parser()
    [commands] = [action for action in parser._actions if action.dest == "command"]
    return set(commands.choices)


def _check_command(line: str) -> None:
    """A shell line must only name make targets, connecting subcommands and scripts that exist."""
    words = shlex.split(line)
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if word == "make":
            assert following in _make_targets(), line
        if word.endswith("connecting") and following and not following.startswith("-"):
            assert following in _subcommands(), line
        if word.startswith((".ci/", "./", "benchmarks/")) or word.endswith((".sh", ".py")) and "/" in word:
            assert (REPO / word).is_file(), line


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_there_is_a_workflow_and_it_parses() -> None:
    assert WORKFLOWS
    for path in WORKFLOWS:
        data = _workflow(path)
        assert data["jobs"], path


def test_pull_requests_run_the_tests_and_a_strict_build() -> None:
    runs = {}
    for path in WORKFLOWS:
        data = _workflow(path)
        if "pull_request" not in data["on"]:
            continue
        for job in data["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    runs[step["run"].strip()] = job
    for line in runs:
        _check_command(line)
    # `make test` directly, or through .ci/run, which runs it and then the every-page
    # accessibility scan (`make a11y`).
    ci_run = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "make test" in runs or ("bash .ci/run" in runs and "make test" in ci_run)
    assert ci_run.index("make a11y") > ci_run.index("make test")
    assert "make build" in runs
    assert "make check" in runs  # the data problems as `path:line:column: message` lines, before anything else
    assert "mkdocs build --strict" in (REPO / "Makefile").read_text(encoding="utf-8").split("\nbuild:", 1)[1].split("\n\n")[0]


def test_main_is_published_with_the_official_pages_actions() -> None:
    deploys = [job for path in WORKFLOWS for job in _workflow(path)["jobs"].values()
               if any("deploy-pages" in step.get("uses", "") for step in job["steps"])]
    [job] = deploys
    uses = [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert uses.index("actions/upload-pages-artifact") < uses.index("actions/deploy-pages")
    assert job["permissions"]["pages"] == "write" and job["permissions"]["id-token"] == "write"
    assert job["environment"]["name"] == "github-pages"
    assert "refs/heads/main" in job["if"] and "push" in job["if"]
    assert job["concurrency"]["cancel-in-progress"] is False
    [upload] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    build = [step for step in job["steps"] if "run" in step]
    assert [step["run"].strip() for step in build] == ["make build"]
    assert upload["with"]["path"] == "site"  # where `mkdocs build` writes
    assert "CONNECTING_EDIT_URL" in build[0]["env"]  # the edit links on the published cards
    assert "CONNECTING_EDIT_URL" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_pre_commit_hook_checks_the_whole_tree_when_data_changes() -> None:
    data = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = data["repos"]
    assert repo["repo"] == "local"
    [hook] = repo["hooks"]
    assert hook["pass_filenames"] is False
    _check_command(hook["entry"])
    assert "connecting check ." in (REPO / "Makefile").read_text(encoding="utf-8").split("\ncheck:", 1)[1].split("\n\n")[0]
    files = re.compile(hook["files"])
    for changed in ("examples/new-pair.yml", "rules/new-rule.yml", "data/channels.yml", "docs/principles/personal-touch.md"):
        assert files.search(changed), changed
    for unrelated in ("README.md", "connecting/tools/cli.py", "tests/test_cli.py"):
        assert not files.search(unrelated), unrelated


def test_the_pull_request_template_has_a_checklist() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.MULTILINE)) >= 5
    for command in re.findall(r"`((?:connecting|make) [a-z-]+(?: --[a-z]+)?)`", text):
        _check_command(command)
    assert "connecting check" in text and "connecting flags" in text


def test_the_readme_links_contributing() -> None:
    assert "(CONTRIBUTING.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_data_file_validates_against_its_own_schema() -> None:
    """Straight through jsonschema, apart from the engine's own loading path."""
    files = {"example": sorted((REPO / "examples").glob("*.yml")), "rule": sorted((REPO / "rules").glob("*.yml")),
             "channels": [REPO / "data" / "channels.yml"]}
    assert len(files["example"]) >= 24 and files["rule"]
    for name, paths in files.items():
        validator = jsonschema.Draft7Validator(schema(name))
        for path in paths:
            text = path.read_text(encoding="utf-8")
            assert text.startswith(f"# yaml-language-server: $schema=../connecting/schemas/{name}.schema.json\n"), path
            errors = [error.message for error in validator.iter_errors(yaml.safe_load(text))]
            assert not errors, (path, errors)


def test_every_file_of_the_package_is_packaged_so_installing_warns_of_nothing() -> None:
    """setuptools warns ("Package would be ignored") about each folder of data it is not told about."""
    import tomllib

    from setuptools import find_namespace_packages

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    packages = set(find_namespace_packages(str(REPO), include=config["packages"]["find"]["include"]))
    data = config["package-data"]
    for path in (REPO / "connecting").rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        folder = ".".join(path.parent.relative_to(REPO).parts)
        if path.suffix == ".py":
            assert folder in packages, path
            continue
        owners = [(package, patterns) for package, patterns in data.items()
                  if folder == package or folder.startswith(package + ".")]
        assert any(path.relative_to(REPO / package.replace(".", "/")).match(pattern)
                   for package, patterns in owners for pattern in patterns), f"{path} is not in package-data"


def test_the_readme_shows_the_home_page_and_the_checker() -> None:
    """Issue 12: a reader of the repository sees the guide before running it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for image in ("readme/home.png", "readme/checker.png"):
        assert f"]({image})" in readme, image
        assert (REPO / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
