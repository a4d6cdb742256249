"""The ``trialscout`` command line: thin — it parses options, calls the library and prints.

Every user error (a :class:`~trialscout._validate.TrialscoutError`, a bad option value, a file problem) ends
the command with ONE line on stderr, ``trialscout: error: <what and where>``, and exit status 2; never a
traceback. Warnings about degenerate results (e.g. a hazard ratio that is not estimable) go to stderr as
``trialscout: warning: ...`` lines, and the results are still printed (exit status 0).

Commands are added with ``@app.command()``; the error handling of :class:`OneLineErrorGroup` covers them all.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from . import __version__
from ._validate import InputError, TrialscoutError

if TYPE_CHECKING:
    from rich.progress import TaskID

__all__ = ["app", "main", "OneLineErrorGroup", "fail"]

PROG = "trialscout"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def fail(message: str) -> None:
    """Stop the running command with a one-line user error (exit status 2)."""
    raise InputError(message)


def _typer_click_class(name: str) -> type[BaseException]:
    # Typer >= 0.17 vendors click as typer._click; its exception classes are reached through the public ones
    for cls in typer.BadParameter.__mro__:
        if cls.__name__ == name:
            return cls
    raise RuntimeError(f"typer has no click class {name}")  # pragma: no cover


def _classes(name: str) -> tuple[type[BaseException], ...]:
    found = {_typer_click_class(name)}
    try:  # the stand-alone click, in case a command or an older Typer raises its errors
        import click.exceptions

        found.add(getattr(click.exceptions, name))
    except ImportError:  # pragma: no cover
        pass
    return tuple(found)


_CLICK_ERRORS: tuple[type[BaseException], ...] = _classes("ClickException")
_ABORTS = tuple({typer.Abort})


def warn(message: str) -> None:
    """A one-line warning on stderr."""
    typer.echo(f"{PROG}: warning: {_one_line(message)}", err=True)


def note(message: str) -> None:
    """A one-line note on stderr: what the command chose for the user (never an error)."""
    typer.echo(f"{PROG}: note: {_one_line(message)}", err=True)


class OneLineErrorGroup(typer.core.TyperGroup):
    """A command group whose user errors print one line on stderr and exit with status 2.

    Click's usage errors (missing or invalid options), trialscout's input errors (``TrialscoutError``, including
    ``InputError``), ``NotImplementedError`` (a valid but unsupported request) and file errors (``OSError``) all
    end as ``trialscout: error: <message>``; ``--help`` and ``--version`` exit 0. Anything else is a bug and
    keeps its traceback.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             windows_expand_args=True, **extra: Any):
        code = 0
        try:
            rv = super().main(args=args, prog_name=prog_name or PROG, complete_var=complete_var,
                              standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
            code = rv if isinstance(rv, int) else 0
        except _CLICK_ERRORS as exc:
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
                typer.echo(ctx.get_help())  # `trialscout` or `trialscout tte` alone: the help
                code = 0
            else:
                typer.echo(f"{PROG}: error: {_one_line(getattr(exc, 'format_message', exc.__str__)())}", err=True)
                code = 2
        except (TrialscoutError, NotImplementedError) as exc:
            typer.echo(f"{PROG}: error: {_one_line(exc)}", err=True)
            code = 2
        except _ABORTS:
            typer.echo(f"{PROG}: aborted", err=True)
            code = 130
        except BrokenPipeError:  # `trialscout tte ... | head`
            code = 1
        except OSError as exc:  # a file a command reads or writes: missing, a directory, not permitted
            where = f"'{exc.filename}': " if getattr(exc, "filename", None) else ""
            typer.echo(f"{PROG}: error: {where}{_one_line(exc.strerror or exc)}", err=True)
            code = 2
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name=PROG,
    cls=OneLineErrorGroup,
    help="Every result a randomized clinical trial reports, exact to SAS and R.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"{PROG} {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Every result a randomized clinical trial reports, exact to SAS and R."""


# -- trialscout tte -------------------------------------------------------------------------------------------
def _split(text: str | None) -> list[str]:
    if text is None:
        return []
    return [p.strip() for p in text.split(",") if p.strip()]


def _time_list(option: str, text: str | None, example: str, *, non_negative: bool = True,
               need_one: bool = False) -> tuple[float, ...]:
    """The comma-separated times of ``option``; ``need_one``: an option given must name at least one."""
    out = []
    for part in _split(text):
        try:
            out.append(float(part))
        except ValueError:
            raise typer.BadParameter(f"{part!r} is not a number (give times like {example})",
                                     param_hint=f"'{option}'") from None
        if non_negative and not (0 <= out[-1] < float("inf")):
            raise typer.BadParameter(f"{part} is not a non-negative time", param_hint=f"'{option}'")
    if need_one and text is not None and not out:
        raise typer.BadParameter(f"no times given (e.g. {option} {example})", param_hint=f"'{option}'")
    return tuple(out)


def _landmarks(text: str | None) -> tuple[float, ...]:
    return _time_list("--landmarks", text, "6,12,24", non_negative=False, need_one=True)


_PRESETS = ("sas", "r")
# the contract names log-log|log|plain and breslow|efron; the engine also offers logit, arcsine and exact
_CONF_TYPES = ("log-log", "log", "plain", "logit", "arcsine")
_TIES = ("breslow", "efron", "exact")


def _choice(option: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}", param_hint=f"'{option}'")
    return v


@app.command("tte", no_args_is_help=True)
def tte(
    data: Annotated[str, typer.Argument(metavar="DATA", help="Data file: .csv, .parquet, .xpt or .sas7bdat (e.g. an ADaM ADTTE).",
                                        show_default=False)],
    time: Annotated[str, typer.Option("--time", metavar="COL", help="Column of follow-up times (ADTTE: AVAL).",
                                      show_default=False)],
    arm: Annotated[str, typer.Option("--arm", metavar="COL", help="Column of treatment arms (e.g. TRT01P).",
                                     show_default=False)],
    event: Annotated[str | None, typer.Option("--event", metavar="COL", help="Column coded 1 = event, 0 = censored.")] = None,
    censor: Annotated[str | None, typer.Option(
        "--censor", metavar="COL", help="ADaM censoring column (CNSR): 0 = event, a positive integer = censored.")] = None,
    control: Annotated[str | None, typer.Option(
        "--control", metavar="VALUE",
        help="Control arm (default: the one arm whose label names a control, such as placebo, control, standard "
             "of care or SOC; else the first arm in sorted order; the choice is named on stderr).")] = None,
    strata: Annotated[str | None, typer.Option(
        "--strata", metavar="COL[,COL...]", help="Stratification column(s), comma-separated (log-rank and Cox).")] = None,
    param: Annotated[str | None, typer.Option("--param", metavar="PARAMCD", help="Keep the rows with this PARAMCD (e.g. PFS).")] = None,
    landmarks: Annotated[str | None, typer.Option(
        "--landmarks", metavar="T1,T2,...", help="Landmark times for S(t), comma-separated (e.g. 6,12,24).")] = None,
    tau: Annotated[str | None, typer.Option("--tau", metavar="T", help="Truncation time for RMST (positive).")] = None,
    preset: Annotated[str, typer.Option("--preset", metavar="sas|r", help="Conventions: sas or r.")] = "sas",
    conf_type: Annotated[str | None, typer.Option(
        "--conf-type", metavar="log-log|log|plain", help="CI transform: log-log, log or plain (default from the preset).")] = None,
    conf_level: Annotated[float, typer.Option("--conf-level", metavar="LEVEL", help="Confidence level, in (0, 1).")] = 0.95,
    ties: Annotated[str | None, typer.Option(
        "--ties", metavar="breslow|efron", help="Cox ties: breslow or efron (default from the preset: sas breslow, r efron).")] = None,
    weights: Annotated[str, typer.Option(
        "--weights", metavar="none|fh:RHO,GAMMA|cutoff:T", help="Time weights for log-rank and Cox: none, fh:RHO,GAMMA or cutoff:T.")] = "none",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
) -> None:
    """Kaplan-Meier medians and rates, hazard ratio, log-rank and RMST for each arm against the control.

    Numbers follow the preset's conventions (sas: log-log CIs, Brookmeyer-Crowley median CIs, Breslow ties;
    r: log CIs, R's quantile rules, Efron ties); explicit options override it.
    """
    from .io import select_tte
    from .report.tte import tte_to_dict, tte_to_text
    from .survival import parse_weights
    from .trial.tte import analyze_tte

    if (event is None) == (censor is None):
        fail("give exactly one of --event COL (1 = event) and --censor COL (ADaM CNSR: 0 = event)")
    strata_cols = _split(strata)
    if strata is not None and not strata_cols:
        fail("--strata names no column")
    lm = _landmarks(landmarks)
    preset = _choice("--preset", preset, _PRESETS) or "sas"
    conf_type = _choice("--conf-type", conf_type, _CONF_TYPES)
    ties = _choice("--ties", ties, _TIES)
    if not 0 < conf_level < 1:
        raise typer.BadParameter(f"{conf_level:g} is not between 0 and 1 (e.g. 0.95)", param_hint="'--conf-level'")
    tau_value: float | None = None
    if tau is not None:
        try:
            tau_value = float(tau)
        except ValueError:
            raise typer.BadParameter(f"{tau!r} is not a number (e.g. --tau 24)", param_hint="'--tau'") from None
        if not (0 < tau_value < float("inf")):
            raise typer.BadParameter(f"{tau} is not a positive time", param_hint="'--tau'")
    w_spec = parse_weights(weights, name="--weights")

    with _warnings_to_stderr():
        df = _read_tte_columns(data, time, event or censor, arm, strata_cols)
        d = select_tte(df, time=time, event=event, censor=censor, arm=arm,
                       strata=strata_cols or None, param=param, cli=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # kept in analysis.warnings, printed below
            analysis = analyze_tte(
                d.time, d.event, d.arm, control=control, strata=d.strata, landmarks=lm, tau=tau_value,
                preset=preset, conf_type=conf_type, confidence_level=conf_level, ties=ties,
                weights=w_spec, row_labels=d.row, compare="auto", single_arm_strata="drop",
            )
    except TrialscoutError as exc:
        # the library names its own arguments; say which column, option and file they came from
        event_opt = f"column '{event}' (--event)" if event is not None else f"column '{censor}' (--censor)"
        names = {"arm": f"column '{arm}' (--arm) of '{data}'", "control": "--control", "landmarks": "--landmarks",
                 "tau": "--tau", "event": f"{event_opt} of '{data}'", "strata": f"--strata {strata}"}
        msg = _one_line(exc)
        m = re.match(r"`(\w+)`:? ?", msg)
        if m and m.group(1) in names:
            sep = ": " if msg[m.end(1) + 1:m.end(1) + 2] == ":" else " "
            msg = names[m.group(1)] + sep + msg[m.end():]
        elif msg.startswith("stratum ") and strata:
            msg = f"--strata {strata}: {msg}"
        raise type(exc)(msg) from None
    for msg in analysis.warnings:
        warn(msg)
    for stratum, only in analysis.single_arm_strata:
        warn(f"stratum {stratum!r} holds only arm {only!r}: it contributes nothing to the stratified log-rank "
             "test and Cox model, as in SAS and R")
    if not analysis.compared:
        note(f"one arm only ({analysis.arms[0].arm!r}): Kaplan-Meier summaries without a comparison")
    elif analysis.control_rule != "given":
        why = ("its label names a control arm" if analysis.control_rule == "label"
               else "the first arm in sorted order")
        note(f"control arm {analysis.control_arm!r} ({why}); give --control VALUE to choose another")
    inputs = {"file": data, "rows_read": int(len(df)), "rows_analysed": int(len(d.time)), "param": param,
              "columns": {role: col for role, col in d.columns}, "strata_columns": strata_cols or None}
    if as_json:
        typer.echo(json.dumps(tte_to_dict(analysis, inputs=inputs), indent=2, allow_nan=False))
    else:
        typer.echo(tte_to_text(analysis, warnings=False).rstrip("\n"))


def _read_tte_columns(data: str, time: str, flag: str | None, arm: str, strata: list[str]):
    """Only the columns ``tte`` analyses, in their narrowest types (float times, small-integer flags,
    categorical arms, strata and PARAMCD): a 5,000,000-row file then costs little more than its arrays.
    When a named column is absent, the whole table is read so that the message can list what is there."""
    from .io import read_table, table_columns

    try:
        present = table_columns(data)
    except TrialscoutError:
        return read_table(data)  # its message says what is wrong with the file
    wanted = [time, flag, arm, *strata]
    if "PARAMCD" in present:
        wanted.append("PARAMCD")
    names = list(dict.fromkeys(c for c in wanted if c is not None))
    if not all(c in present for c in names):
        return read_table(data)
    kinds = {time: "float", arm: "category", **{c: "category" for c in strata}}
    if flag is not None and flag not in kinds:
        kinds[flag] = "int"
    if "PARAMCD" in names and "PARAMCD" not in kinds:
        kinds["PARAMCD"] = "category"
    return read_table(data, columns=names, kinds=kinds)


# -- progress ---------------------------------------------------------------------------------------------
class _Progress:
    """A Rich progress bar on stderr for ``progress(done, total, message)`` callbacks; silent when not a terminal."""

    def __init__(self, label: str):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                             TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
        self._task: TaskID | None = None
        self._label = label

    def __enter__(self):
        self._bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)

    def __call__(self, done: int, total: int, message: str) -> None:
        if self._task is None:
            self._task = self._bar.add_task(self._label, total=total)
        self._bar.update(self._task, completed=done, total=total, description=f"{self._label}: {message}")


@contextmanager
def _warnings_to_stderr():
    """Collect the library's warnings during a command and print each distinct one once on stderr at the end."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    seen = set()
    for w in caught:
        msg = _one_line(w.message)
        if msg not in seen:
            seen.add(msg)
            warn(msg)


# -- trialscout report ----------------------------------------------------------------------------------------
@app.command("report", no_args_is_help=True)
def report(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help="Trial spec (TOML) naming the ADaM datasets and the analyses.",
                                        show_default=False)],
    out: Annotated[str, typer.Option("--out", metavar="DIR", help="Output folder." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.",
                                     show_default=False)],
) -> None:
    """The full readout of a trial from its ADaM datasets: HTML report, JSON of every result, PNG and SVG figures."""
    from .report.build import build_report

    with _warnings_to_stderr(), _Progress("report") as bar:
        res = build_report(spec, out, progress=bar)
    typer.echo(f"wrote {res.html}, {res.json} and {len(res.figures)} figure files")


# -- trialscout reconstruct -----------------------------------------------------------------------------------
@app.command("reconstruct", no_args_is_help=True)
def reconstruct(
    curve: Annotated[list[str], typer.Option("--curve", metavar="ARM=FILE", help="ARM=FILE: a digitized KM curve (repeat per arm).",
                                             show_default=False)],
    out: Annotated[str, typer.Option("--out", metavar="DIR", help="Output folder." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.",
                                     show_default=False)],
    at_risk: Annotated[list[str] | None, typer.Option(
        "--at-risk", metavar="FILE|ARM=FILE",
        help="Numbers at risk: one file, wide (time,ARM1,ARM2,...) or long (arm,time,n_risk); or ARM=FILE per arm "
             "(time,NAR or survHE's nrisk.txt).")] = None,
    events: Annotated[list[str] | None, typer.Option("--events", metavar="ARM=D", help="ARM=D: the published total events.")] = None,
    n: Annotated[list[str] | None, typer.Option("--n", metavar="ARM=N", help="ARM=N: arm size when there is no at-risk table.")] = None,
    ticks: Annotated[list[str] | None, typer.Option("--ticks", metavar="ARM=FILE", help="ARM=FILE: censoring tick times.")] = None,
    paramcd: Annotated[str, typer.Option("--paramcd", metavar="PARAMCD", help="PARAMCD of the rows written (e.g. OS).")] = "TTE",
    figure: Annotated[str, typer.Option("--figure", metavar="png|svg|none", help="Diagnostics figure: png, svg or none.")] = "png",
    incidence: Annotated[bool, typer.Option(
        "--incidence", help="The curves are cumulative incidence, 1 - S(t), rising from 0.")] = False,
) -> None:
    """Rebuild patient-level data from published Kaplan-Meier curves (Guyot et al. 2012).

    Re-analyse the result with: trialscout tte OUT/ipd.csv --time AVAL --censor CNSR --arm ARM
    """
    from pathlib import Path

    from .reconstruct import parse_arm_option
    from .report.reconstruction import reconstruct_from_files

    risk: Path | dict | None = None
    if at_risk:
        if len(at_risk) == 1 and (Path(at_risk[0]).exists() or "=" not in at_risk[0]):
            risk = Path(at_risk[0])
        else:
            risk = parse_arm_option(at_risk, "--at-risk", Path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # kept per arm, printed below
        res = reconstruct_from_files(
            parse_arm_option(curve, "--curve", Path) or {}, risk,
            parse_arm_option(events, "--events", int), Path(out), n=parse_arm_option(n, "--n", int),
            ticks=parse_arm_option(ticks, "--ticks", Path), paramcd=paramcd,
            figure_format=_choice("--figure", figure, ("png", "svg", "none")) or "png", incidence=incidence)
    for arm_name, rec in res.arms.items():
        d = rec.diagnostics
        risk_note = ""
        if len(d.risk_time) >= 2:
            risk_note = "; at-risk table reproduced" if d.risk_matched else "; at-risk table NOT reproduced"
        typer.echo(f"{arm_name}: {rec.n} subjects, {rec.n_events} events ({rec.information}){risk_note}; "
                   f"largest gap to the digitized curve {d.max_gap:.3f}; {rec.curve.scale_reason}")
        for msg in rec.warnings:
            warn(msg)
    written = [str(res.ipd_path), str(res.diagnostics_path)] + ([str(res.figure_path)] if res.figure_path else [])
    typer.echo("wrote " + ", ".join(written))


# -- trialscout synthesize ------------------------------------------------------------------------------------
@app.command("synthesize", no_args_is_help=True)
def synthesize(
    summary: Annotated[str, typer.Argument(metavar="SUMMARY", help="Published-summary TOML (e.g. examples/cartitude4/summary.toml).",
                                           show_default=False)],
    out: Annotated[str, typer.Option("--out", metavar="DIR", help="Output folder for ADSL, ADTTE, ADRS, ADAE and spec.toml." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.",
                                     show_default=False)],
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed: the output is a deterministic function of it.")]
    = 20240501,
) -> None:
    """A synthetic patient-level trial whose analysis reproduces a published summary."""
    from .synth import synthesize as run

    with _warnings_to_stderr():
        res = run(summary, seed=seed, out_dir=out)
    for msg in res.messages:
        warn(msg)
    typer.echo(f"wrote {res.spec_path.parent} ({len(res.trial.adsl)} patients); "
               f"run: trialscout report {res.spec_path} --out REPORT_DIR")


# -- trialscout demo ------------------------------------------------------------------------------------------
@app.command("demo")
def demo(
    out: Annotated[str, typer.Option("--out", metavar="DIR", help="Output folder." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.")] = "demo-out",
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed of the synthetic trial.")] = 20240501,
) -> None:
    """CARTITUDE-4 end to end: synthesize it from its publication, run the readout, write the report, and
    print every published figure beside the reproduced one. Exits with status 1, naming them, when a published
    figure is not reproduced within its tolerance."""
    from .demo import run_demo
    from .report.demo import comparison_table

    with _warnings_to_stderr(), _Progress("demo") as bar:
        res = run_demo(out, seed=seed, progress=bar)
    typer.echo(comparison_table(res.rows))
    typer.echo(f"\n{res.n_within} of {len(res.rows)} published figures reproduced within tolerance "
               f"(seed {res.seed}, {res.seconds['total']:.1f} s). The patients are synthetic.")
    typer.echo(f"report: {res.report_html}")
    if not res.all_within:  # a demo that misses a published figure says so, and fails
        typer.echo(f"{PROG}: demo: {res.missed_message()}", err=True)
        raise typer.Exit(1)


# -- trialscout scout ----------------------------------------------------------------------------------------
@app.command("scout", no_args_is_help=True)
def scout(
    files: Annotated[list[str], typer.Argument(metavar="FILE...", help="Trial reports: text, HTML or PDF files, or "
                                               "folders of them.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per file (the scout contract).")]
    = False,
    summary_out: Annotated[str | None, typer.Option(
        "--summary-out", metavar="FILE.toml", help="Write a published-summary TOML for `trialscout synthesize` "
        "(one report only); facts the report lacks are marked ASSUMED.")] = None,
    table: Annotated[str | None, typer.Option(
        "--table", metavar="OUT.csv", help="Write the evidence table, one row per result, as CSV and JSON "
        "(OUT.json beside it).")] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", metavar="C", help="Report only records read with at least this confidence (0 to 1; "
        "0 reports every candidate, 1 only clean patterns). See docs/scout.md.")] = 0.5,
    confidence: Annotated[bool, typer.Option(
        "--confidence", help="Add each record's confidence to the JSON (outside the contract).")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", metavar="K", help="Read the reports in K processes (one a core; pays from a few dozen "
        "reports).")] = 1,
) -> None:
    """Read every result trial reports state (medians, hazard and odds ratios, landmark and response rates, with
    CIs and P values) and check them for consistency."""
    from .report.scout import format_result, write_evidence_table
    from .scout import scout_paths, write_summary

    if not 0 <= min_confidence <= 1:
        fail(f"--min-confidence must be a number from 0 to 1; got {min_confidence:g}")
    if workers < 1:
        fail(f"--workers must be 1 or more; got {workers}")
    results = scout_paths(files, min_confidence=min_confidence, workers=workers)
    if summary_out is not None:
        if len(results) != 1:
            fail(f"--summary-out needs exactly one report; got {len(results)}")
        draft = write_summary(results[0], summary_out)
        if draft.assumed:
            warn(f"{summary_out}: assumed (not in the report, marked ASSUMED in the file): " + "; ".join(draft.assumed))
        for o in draft.omitted:
            warn(f"{summary_out}: not written: {o}")
    if table is not None:
        write_evidence_table(results, table)
    if as_json:
        for r in results:  # one JSON object per file, one per line
            typer.echo(json.dumps(r.to_json(confidence=confidence), ensure_ascii=False))
    else:
        typer.echo("\n\n".join(format_result(r) for r in results))
    if summary_out is not None:
        typer.echo(f"wrote {summary_out}; run: trialscout synthesize {summary_out} --out DIR", err=True)
    if table is not None:
        typer.echo(f"wrote {table} and {table[:-4]}.json", err=True)


# -- trialscout extrapolate -----------------------------------------------------------------------------------
def _number(option: str, text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a number", param_hint=f"'{option}'") from None
    if not (0 < value < float("inf")):
        raise typer.BadParameter(f"{text} is not a positive time", param_hint=f"'{option}'")
    return value


@app.command("extrapolate", no_args_is_help=True)
def extrapolate(
    data: Annotated[str, typer.Argument(metavar="DATA", help="Data file: .csv, .parquet, .xpt or .sas7bdat (an ADTTE, or "
                                        "the ipd.csv of trialscout reconstruct).", show_default=False)],
    time: Annotated[str, typer.Option("--time", metavar="COL", help="Column of follow-up times (ADTTE: AVAL).",
                                      show_default=False)],
    event: Annotated[str | None, typer.Option("--event", metavar="COL", help="Column coded 1 = event, 0 = censored.")] = None,
    censor: Annotated[str | None, typer.Option(
        "--censor", metavar="COL", help="ADaM censoring column (CNSR): 0 = event, a positive integer = censored.")] = None,
    arm: Annotated[str | None, typer.Option("--arm", metavar="COL", help="Column of treatment arms (default: one sample).")] = None,
    param: Annotated[str | None, typer.Option("--param", metavar="PARAMCD", help="Keep the rows with this PARAMCD (e.g. OS).")] = None,
    model: Annotated[str, typer.Option("--model", metavar="separate|joint",
                                       help="One fit per arm (separate) or one fit with an arm effect (joint).")] = "separate",
    dists: Annotated[str | None, typer.Option(
        "--dists", metavar="LIST", help="Comma-separated models: exponential, weibull, gompertz, loglogistic, lognormal, "
        "gamma, gengamma, spline:k=K:scale=hazard|odds|normal, cure:DIST (default: the first seven and one-knot splines "
        "on the three scales).")] = None,
    times: Annotated[str | None, typer.Option("--times", metavar="T1,T2,...", help="Times for S(t), comma-separated.")] = None,
    horizon: Annotated[str | None, typer.Option(
        "--horizon", metavar="T", help="Horizon of the restricted mean survival (default: ten times the last time).")] = None,
    tau: Annotated[str | None, typer.Option("--tau", metavar="T", help="Truncation time of the RMST.")] = None,
    reference: Annotated[str | None, typer.Option(
        "--reference", metavar="ARM", help="Reference arm (default: the first in sorted order).")] = None,
    ci: Annotated[str, typer.Option("--ci", metavar="delta|simulation", help="Confidence intervals: delta method or simulation.")] = "delta",
    conf_level: Annotated[float, typer.Option("--conf-level", metavar="LEVEL", help="Confidence level, in (0, 1).")] = 0.95,
    lifetable: Annotated[str | None, typer.Option(
        "--lifetable", metavar="FILE", help="General-population life table (CSV: age, optional sex, hazard or qx per "
        "year): fits relative-survival models and predicts all-cause survival.")] = None,
    age: Annotated[str | None, typer.Option("--age", metavar="COL", help="Column of age at entry in years (with --lifetable).")] = None,
    sex: Annotated[str | None, typer.Option("--sex", metavar="COL", help="Column of sex, matching the life table's (with --lifetable).")] = None,
    time_unit: Annotated[str, typer.Option("--time-unit", metavar="days|weeks|months|years",
                                           help="Unit of --time, to step through the life table.")] = "months",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
    out: Annotated[str | None, typer.Option("--out", metavar="DIR", help="Output folder: fits.json, fit_table.csv, "
                                            "parameters.csv, predictions.csv, figures (PNG and SVG) and report.html. Written whole or "
                                            "not at all; an existing folder is replaced only if trialscout wrote it.")] = None,
) -> None:
    """Fit parametric, spline and cure survival models, compare them (AIC, BIC) and extrapolate beyond the data."""
    import numpy as np

    from ._output import output_dir
    from .extrapolate.analysis import DEFAULT_DISTRIBUTIONS
    from .extrapolate.analysis import extrapolate as run
    from .report.extrapolation import extrapolation_to_dict, extrapolation_to_text, write_extrapolation
    from .io import read_table, select_tte

    if (event is None) == (censor is None):
        fail("give exactly one of --event COL (1 = event) and --censor COL (ADaM CNSR: 0 = event)")
    model = _choice("--model", model, ("separate", "joint")) or "separate"
    ci = _choice("--ci", ci, ("delta", "simulation")) or "delta"
    if not 0 < conf_level < 1:
        raise typer.BadParameter(f"{conf_level:g} is not between 0 and 1 (e.g. 0.95)", param_hint="'--conf-level'")
    names = _split(dists) if dists is not None else list(DEFAULT_DISTRIBUTIONS)
    if dists is not None and not names:
        fail("--dists names no model")
    t_list = _time_list("--times", times, "12,24,60")
    h_value, tau_value = _number("--horizon", horizon), _number("--tau", tau)

    df = read_table(data)
    arm_col = arm if arm is not None else "__one_sample__"
    if arm is None:
        df = df.assign(**{arm_col: "all"})
    d = select_tte(df, time=time, event=event, censor=censor, arm=arm_col, param=param, cli=True)
    time_unit = _choice("--time-unit", time_unit, ("days", "weeks", "months", "years")) or "months"
    table, ages, sexes = None, None, None
    if lifetable is not None:
        from .extrapolate.lifetable import read_life_table

        if age is None:
            fail("--lifetable needs --age COL (age at entry, in years)")
        table = read_life_table(lifetable)
        rows = df.iloc[np.asarray(d.row) - 1]
        for col, opt in ((age, "--age"), (sex, "--sex")):
            if col is not None and col not in df.columns:
                fail(f"{opt}: column '{col}' is not in '{data}' (columns: {', '.join(map(str, df.columns))})")
        import pandas as pd

        ages = pd.to_numeric(rows[age], errors="coerce").to_numpy(float)
        bad = np.flatnonzero(~(np.isfinite(ages) & (ages >= 0)))
        if len(bad):
            fail(f"column '{age}' (--age) of '{data}': row {int(d.row[bad[0]])} has a missing or negative age")
        sexes = rows[sex].astype(str).to_numpy() if sex is not None else None
    elif age is not None or sex is not None:
        fail("--age and --sex are used with --lifetable FILE")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = run(d.time, d.event, d.arm if arm is not None else None, distributions=names, model=model,
                      reference=reference, times=t_list, horizon=h_value, tau=tau_value, method=ci,
                      confidence_level=conf_level, labels=d.row, life_table=table, age=ages, sex=sexes,
                      time_unit=time_unit)
    except TrialscoutError as exc:
        msg = _one_line(str(exc))
        swaps = {"`time`": f"column '{time}' (--time) of '{data}':", "`horizon`": "--horizon", "`tau`": "--tau",
                 "`reference`": "--reference", "`times`": "--times"}
        for k, v in swaps.items():
            if msg.startswith(k):
                msg = v + msg[len(k):]
                break
        if msg.startswith("distribution "):
            msg = "--dists: " + msg
        elif msg.startswith(f"life table {lifetable}") and lifetable:
            msg = "--lifetable " + msg[len("life table "):]
        raise type(exc)(msg) from None
    for f in res.fits:
        if f.message:
            warn(f.message)
    if out is not None:
        with output_dir(out, protect=[data], command="trialscout extrapolate") as tmp:
            write_extrapolation(res, tmp, time=d.time, event=d.event, arm=d.arm if arm is not None else None,
                                title=f"Survival extrapolation: {data}" + (f" ({param})" if param else ""))
    if as_json:
        typer.echo(json.dumps(extrapolation_to_dict(res), indent=2, allow_nan=False))
    else:
        typer.echo(extrapolation_to_text(res).rstrip("\n"))
        if out is not None:
            typer.echo(f"wrote {out}")


# -- trialscout psm -------------------------------------------------------------------------------------------
@app.command("psm", no_args_is_help=True)
def psm(
    spec: Annotated[str, typer.Argument(metavar="SPEC", help="Partitioned-survival spec (TOML): data, models, cycle, "
                                        "horizon, utilities, costs, discounting, draws.", show_default=False)],
    out: Annotated[str, typer.Option("--out", metavar="DIR", help="Output folder." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.",
                                     show_default=False)],
) -> None:
    """Partitioned-survival cost-effectiveness model from PFS and OS fits: life years, QALYs, costs, ICER, PSA."""
    from ._output import output_dir
    from .extrapolate.psm import read_psm_spec, run_psm
    from .report.extrapolation import write_psm
    from .io import read_table, select_tte

    s = read_psm_spec(spec)
    df = read_table(str(s.data))
    data = {}
    for key, pc in (("pfs", s.pfs_param), ("os", s.os_param)):
        d = select_tte(df, time=s.time, event=s.event, censor=s.censor, arm=s.arm, param=pc)
        data[key] = (d.time, d.event, d.arm)
    with _warnings_to_stderr():
        res = run_psm(s, data["pfs"], data["os"])
    for f in res.fits.values():
        if f.message:
            warn(f.message)
    with output_dir(out, protect=[spec, s.data], command="trialscout psm") as tmp:
        write_psm(res, tmp)
    for a, d in res.deterministic.items():
        typer.echo(f"{a}: {d['life_years']:.3f} life years ({d['life_years_discounted']:.3f} discounted), "
                   f"{d['qalys_discounted']:.3f} QALYs, costs {d['costs_discounted']:,.0f} (discounted)")
    for a, d in res.incremental.items():
        icer = f"{d['icer']:,.0f}" if d["icer"] == d["icer"] else "NE"
        typer.echo(f"{a} vs {res.arms[0]}: {d['qalys']:+.3f} QALYs, {d['costs']:+,.0f} costs; ICER {icer} per QALY")
    typer.echo(f"wrote {out}")


# -- trialscout digitize --------------------------------------------------------------------------------------
@app.command("digitize", no_args_is_help=True)
def digitize(
    figure: Annotated[str, typer.Argument(metavar="FIGURE", help="A Kaplan-Meier figure: PNG, JPEG, TIFF or a PDF.",
                                          show_default=False)],
    out: Annotated[str, typer.Option("--out", metavar="DIR", help="Output folder." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.",
                                     show_default=False)],
    page: Annotated[int | None, typer.Option("--page", metavar="N", help="Page of a PDF (1-based).")] = None,
    arms: Annotated[str | None, typer.Option("--arms", metavar="A,B,...", help="Arm names, in the order of the at-risk rows (top to bottom).")] = None,
    x_range: Annotated[str | None, typer.Option("--x-range", metavar="A,B", help="Times at the left and right ends of the x-axis line.")] = None,
    y_range: Annotated[str | None, typer.Option("--y-range", metavar="A,B", help="Survival at the bottom and top ends of the y-axis line (0,1 or 0,100).")] = None,
    n: Annotated[list[str] | None, typer.Option("--n", metavar="ARM=N", help="ARM=N: arm size (replaces the at-risk count read at time 0).")] = None,
    events: Annotated[list[str] | None, typer.Option("--events", metavar="ARM=D", help="ARM=D: the published total events.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print digitize.json instead of a summary.")] = False,
) -> None:
    """Read a Kaplan-Meier figure (curves, numbers at risk, legend) and rebuild its patient data.

    Writes curves.csv, at_risk.csv, ipd.csv, digitize.json and overlay.png. Re-analyse with:
    trialscout tte OUT/ipd.csv --time time --event event --arm arm
    """
    from pathlib import Path

    from .digitize import digitize_figure
    from .report.digitize import write_digitization
    from .reconstruct import parse_arm_option

    def pair(opt: str, text: str | None):
        if text is None:
            return None
        parts = text.split(",")
        try:
            if len(parts) != 2:
                raise ValueError
            return float(parts[0]), float(parts[1])
        except ValueError:
            fail(f"`{opt}` must be two numbers A,B; got {text!r}")

    arm_list = [a.strip() for a in arms.split(",")] if arms else None
    if arm_list is not None and (not all(arm_list) or len(set(arm_list)) != len(arm_list)):
        fail(f"`--arms` must name each arm once, separated by commas; got {arms!r}")
    dig = digitize_figure(Path(figure), page=page, arms=arm_list, x_range=pair("--x-range", x_range),
                          y_range=pair("--y-range", y_range), n=parse_arm_option(n, "--n", int),
                          events=parse_arm_option(events, "--events", int))
    recs = write_digitization(dig, Path(out), protect=[Path(figure)])
    for msg in dig.warnings:
        warn(msg)
    if as_json:
        typer.echo((Path(out) / "digitize.json").read_text(encoding="utf-8").rstrip())
        return
    for a in dig.arms:
        rec = recs[a.name]
        risk = f"; at risk {' '.join(str(int(v)) for v in a.n_risk)}" if a.n_risk.size else ""
        typer.echo(f"{a.name}: {a.time.size} curve points, {a.censor_times.size} censoring marks{risk}; "
                   f"reconstructed {rec.n} subjects, {rec.n_events} events")
    typer.echo(f"wrote {out}/curves.csv, at_risk.csv, ipd.csv, digitize.json, overlay.png")


# -- trialscout design / simulate -----------------------------------------------------------------------------
@contextmanager
def _naming_file(file: str):
    """Prefix the design file's name to an input error raised while computing from it."""
    try:
        yield
    except TrialscoutError as exc:
        msg = str(exc)
        if msg.startswith(file):
            raise
        raise InputError(f"{file}: {msg}") from None


@app.command("design", no_args_is_help=True)
def design(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Design file (TOML or JSON).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Group-sequential bounds and characteristics; with arms and accrual, events, subjects and analysis times."""
    from .design.plan import plan_dict
    from .design.spec import read_design_file
    from .report.design import design_text

    with _warnings_to_stderr(), _naming_file(file):
        res = plan_dict(read_design_file(file))
    typer.echo(json.dumps(res, indent=2, allow_nan=False) if as_json else design_text(res))


@app.command("simulate", no_args_is_help=True)
def simulate(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Design file (TOML or JSON) with the planned looks.")],
    iterations: Annotated[int | None, typer.Option("--iterations", metavar="N", help="Simulated trials (default: the file's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", metavar="S", help="Random seed (default: the file's).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", metavar="K", help="Start a Dask LocalCluster of K worker processes.")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", metavar="ADDRESS", help="Use the Dask cluster at ADDRESS (tcp://host:8786).")] = None,
    scenario: Annotated[str | None, typer.Option("--scenario", metavar="NAME", help="Simulate the file's named scenario instead of its arms.")] = None,
    run_sweep: Annotated[bool, typer.Option("--sweep", help="Run the file's sweep grid (needs --out).")] = False,
    out: Annotated[str | None, typer.Option("--out", metavar="DIR", help="Write simulation.json and the per-trial trials.parquet (or sweep.parquet) here." " Written whole or not at all; an existing folder is replaced only if trialscout wrote it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Simulate the trial patient by patient: power, stopping, events, subjects and duration with MC errors."""
    from pathlib import Path

    from ._output import output_dir
    from .design.spec import TrialFile, read_design_file
    from .report.design import simulation_text
    from .simulate import simulate as run_simulation
    from .simulate import sweep

    if workers is not None and scheduler is not None:
        fail("give --workers or --scheduler, not both")
    if workers is not None and workers < 1:
        fail(f"--workers must be at least 1; got {workers}")
    if iterations is not None and iterations < 1:
        fail(f"--iterations must be at least 1; got {iterations}")
    spec = read_design_file(file)
    if not isinstance(spec, TrialFile):
        fail(f"{file}: simulation needs a survival design (`design`, `control`, `accrual`, the planned looks)")
    assert isinstance(spec, TrialFile)
    overrides = None
    if scenario is not None:
        if not spec.scenarios or scenario not in spec.scenarios:
            fail(f"{file}: no scenario {scenario!r}; the file has {', '.join(spec.scenarios or {}) or 'none'}")
        overrides = dict(spec.scenarios[scenario])  # type: ignore[index]
    if run_sweep:
        if out is None:
            fail("--sweep writes sweep.parquet: give --out DIR")
        assert out is not None
        with _warnings_to_stderr(), _naming_file(file), _Progress("sweep") as bar:
            table = sweep(spec, iterations=iterations, seed=seed, workers=workers, scheduler=scheduler, progress=bar)
        with output_dir(Path(out), protect=[Path(file)], command="simulate") as folder:
            table.to_parquet(folder / "sweep.parquet", index=False)
        if as_json:
            typer.echo(table.to_json(orient="records", indent=2))
        else:
            typer.echo(table.to_string(index=False))
        return
    with _warnings_to_stderr(), _naming_file(file), _Progress("simulate") as bar:
        res = run_simulation(spec, iterations=iterations, seed=seed, workers=workers, scheduler=scheduler,
                             progress=bar, overrides=overrides)
    d = res.as_dict()
    if out is not None:
        with output_dir(Path(out), protect=[Path(file)], command="simulate") as folder:
            (folder / "simulation.json").write_text(json.dumps(d, indent=2, allow_nan=False) + "\n")
            res.to_parquet(folder / "trials.parquet")
    typer.echo(json.dumps(d, indent=2, allow_nan=False) if as_json else simulation_text(d, res.test))


def main() -> None:
    """Entry point of the ``trialscout`` console script."""
    app(prog_name=PROG)


if __name__ == "__main__":  # pragma: no cover
    main()

