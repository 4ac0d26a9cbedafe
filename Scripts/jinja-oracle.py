#!/usr/bin/env python3
"""Regenerate KilnJinja conformance expectations with Python jinja2 (the oracle).

Usage:
    python3 Scripts/jinja-oracle.py            # rewrite Tests/KilnJinjaTests/Expected/*.txt
    python3 Scripts/jinja-oracle.py --check    # compare only; exit 1 on any difference
    python3 Scripts/jinja-oracle.py NAME...    # only the named cases (file stem or path)

The environment is configured the way dbt renders model SQL to text
(dbt-common `clients/jinja.py`, `get_environment(native=False)`):

* `jinja2.sandbox.SandboxedEnvironment` with the extensions `jinja2.ext.do`
  and `jinja2.ext.loopcontrols`;
* autoescape, trim_blocks, lstrip_blocks and keep_trailing_newline all off;
* plain `jinja2.Undefined`;
* the filters `as_text`, `as_bool`, `as_native`, `as_number`, which return
  their argument unchanged when rendering text.

dbt also renames macros to `dbt_macro__<name>`; plain jinja2 does not, so the
cases here call macros defined in the same template.

Fixture format
--------------
`Inputs/<name>.jinja`: a JSON object (the render context; it may span several
lines), then a line that is exactly `---`, then the template: every byte after
that `---\\n` line, including a final newline if there is one.

`Expected/<name>.txt` for a success case: exactly the rendered bytes.

`Expected/err_<name>.txt` for an error case: three lines, each ending in `\\n`:

    kind: <syntax|undefined|security|type|runtime>
    line: <N>
    message: <message, with newlines written as the two characters \\n>

kind: `syntax` for TemplateSyntaxError (which includes TemplateAssertionError,
e.g. an unknown filter), `undefined` for UndefinedError, `security` for
SecurityError, `runtime` for any other jinja2 TemplateError, and `type` for
every other Python exception raised while rendering (TypeError, ValueError,
ZeroDivisionError, OverflowError, ...).

line: `exc.lineno` for syntax errors; otherwise the innermost traceback frame
that belongs to the template (jinja2 rewrites tracebacks so that those frames
carry template line numbers); 0 if there is none.

The script is deterministic and needs no network. It exits 1 if a case not
named `err_*` raises, if an `err_*` case renders, or (with --check) if an
expected file differs.
"""

import argparse
import json
import sys
import traceback
from pathlib import Path

import jinja2
import jinja2.ext
import jinja2.sandbox
from jinja2.exceptions import (
    SecurityError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "Tests" / "KilnJinjaTests" / "Inputs"
EXPECTED = ROOT / "Tests" / "KilnJinjaTests" / "Expected"
SEPARATOR = "\n---\n"


def make_environment() -> jinja2.Environment:
    env = jinja2.sandbox.SandboxedEnvironment(
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
        undefined=jinja2.Undefined,
        autoescape=False,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=False,
        cache_size=0,
    )
    # dbt-common TEXT_FILTERS: identity functions when rendering to text.
    env.filters.update(
        {
            "as_text": lambda value: value,
            "as_bool": lambda value: value,
            "as_native": lambda value: value,
            "as_number": lambda value: value,
        }
    )
    return env


def split_fixture(data: str, path: Path):
    """Return (context, template) from the text of an Inputs/*.jinja file."""
    if data.startswith("---\n"):
        raise ValueError(f"{path}: missing JSON context before '---'")
    index = data.find(SEPARATOR)
    if index < 0:
        raise ValueError(f"{path}: no line consisting of exactly '---'")
    header = data[:index]
    template = data[index + len(SEPARATOR):]
    context = json.loads(header)
    if not isinstance(context, dict):
        raise ValueError(f"{path}: the context must be a JSON object")
    return context, template


def classify(exc: BaseException) -> str:
    if isinstance(exc, TemplateSyntaxError):
        return "syntax"
    if isinstance(exc, UndefinedError):
        return "undefined"
    if isinstance(exc, SecurityError):
        return "security"
    if isinstance(exc, TemplateError):
        return "runtime"
    return "type"


def error_line(exc: BaseException, filename: str) -> int:
    if isinstance(exc, TemplateSyntaxError):
        return exc.lineno or 0
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename and frame.lineno:
            line = frame.lineno
    return line


def error_message(exc: BaseException) -> str:
    message = getattr(exc, "message", None)
    if not isinstance(message, str):
        message = str(exc)
    return message.replace("\r\n", "\n").replace("\n", "\\n")


def render_case(env: jinja2.Environment, name: str, context: dict, source: str):
    """Return ("ok", output) or ("error", expected_text)."""
    filename = f"{name}.jinja"
    try:
        code = env.compile(source, name=name, filename=filename)
        template = env.template_class.from_code(env, code, env.make_globals(None))
        return "ok", template.render(context)
    except Exception as exc:  # noqa: BLE001 - every failure is a result here
        text = (
            f"kind: {classify(exc)}\n"
            f"line: {error_line(exc, filename)}\n"
            f"message: {error_message(exc)}\n"
        )
        return "error", text


def selected_inputs(names):
    if not names:
        return sorted(INPUTS.glob("*.jinja"))
    paths = []
    for raw in names:
        stem = Path(raw).name
        if stem.endswith(".jinja"):
            stem = stem[: -len(".jinja")]
        if stem.endswith(".txt"):
            stem = stem[: -len(".txt")]
        paths.append(INPUTS / f"{stem}.jinja")
    return paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("names", nargs="*", help="only these cases")
    args = parser.parse_args()

    env = make_environment()
    inputs = selected_inputs(args.names)
    problems = []
    changed = []
    counts = {"ok": 0, "error": 0}

    for path in inputs:
        name = path.stem
        data = path.read_bytes().decode("utf-8")
        context, source = split_fixture(data, path)
        status, text = render_case(env, name, context, source)
        counts[status] += 1
        wants_error = name.startswith("err_")
        if wants_error and status == "ok":
            problems.append(f"{name}: expected an error but it rendered {text!r}")
        elif not wants_error and status == "error":
            problems.append(f"{name}: unexpected error: {text.strip()!r}")

        out = EXPECTED / f"{name}.txt"
        new = text.encode("utf-8")
        old = out.read_bytes() if out.exists() else None
        if old != new:
            changed.append(name)
            if not args.check:
                out.write_bytes(new)

    if not args.names:
        wanted = {p.stem for p in inputs}
        for out in sorted(EXPECTED.glob("*.txt")):
            if out.stem not in wanted:
                changed.append(f"{out.stem} (orphan)")
                if not args.check:
                    out.unlink()

    verb = "differ" if args.check else "rewritten"
    print(
        f"jinja-oracle: jinja2 {jinja2.__version__}, {len(inputs)} cases "
        f"({counts['ok']} render, {counts['error']} raise), {len(changed)} {verb}"
    )
    for name in changed:
        print(f"  {verb}: {name}")
    for problem in problems:
        print(f"  PROBLEM {problem}")
    if problems or (args.check and changed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
