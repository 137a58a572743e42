"""``%privguard`` and ``%%privguard``: the guard's controls inside a notebook.

One line magic with verbs (``%privguard help`` lists them). User mistakes raise a plain
:class:`~IPython.core.error.UsageError`, which IPython shows as one line, not a traceback.
Nothing here prints a data value: outputs are names, entities, scores and counts, except what
``reveal`` shows on purpose, in the live view only.
"""

from __future__ import annotations

import argparse
import ast
import html
import json
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import MagicArgumentParser, argument, magic_arguments, parse_argstring

from ...adapters import adapter_for
from ...errors import PolicyError
from ...wording import plural
from .. import commands

if TYPE_CHECKING:
    from . import PrivGuardExtension

# verb -> one line of help; the order is the order of ``%privguard help``
HELP: dict[str, str] = {
    "on": "turn the guard on (display guard, output tripwire, export guard)",
    "off": "pause the guard in this kernel (outputs are shown unredacted; audited)",
    "status": "what is guarded, counts, policy source, NER model, where the guard is enabled",
    "scan VAR": "scan a DataFrame or Series: column, entity, class, score, evidence",
    "policy [ENTITY=ACTION ...]": "show the action per entity, or set it (e.g. policy EMAIL_ADDRESS=mask); policy reset",
    "allow column|value|pattern X": "never treat column X / the value X / values matching regex X as personal data",
    "deny column|value|pattern X [ENTITY]": "undo an allow; 'deny column X ENTITY' also forces column X to ENTITY",
    "reveal VAR [COLUMNS ...]": "show VAR with COLUMNS (default: all) unredacted, in the live view only (audited)",
    "config [KEY=VALUE ...]": "show the settings, or change them (min_score=0.7 strict=true ner=off reveal_seconds=30)",
    "audit [-n N]": "show the last N audit events and verify the log's hash chain",
    "leakage VAR [--sensitive COL ...]": "which features leak a sensitive attribute (AUC, SHAP shares, proxies); "
    "--target COL, --model VAR, --no-plots",
    "risk VAR [--qi COL ...] [--k N]": "re-identification risk: k, unique rows, l-diversity (--sensitive COL ...); "
    "--k N also shows the generalisation that reaches k",
    "panel": "the privacy panel: findings, policy per entity, allow lists, reveal, risk results, export log",
    "help": "this list",
}
CELL_VERBS = ("policy", "allow", "deny", "config", "on", "off")
GUARD_SETTINGS = commands.GUARD_SETTINGS


def _parser(prog: str, description: str) -> MagicArgumentParser:
    parser: MagicArgumentParser = MagicArgumentParser(  # type: ignore[no-untyped-call]
        prog=f"%privguard {prog}", description=description, add_help=False
    )
    return parser


def _parse_value(text: str) -> Any:
    """``0.7`` -> 0.7, ``true`` -> True, ``["a","b"]`` -> list, anything else -> the string."""
    for load in (json.loads, ast.literal_eval):
        try:
            return load(text)
        except (ValueError, SyntaxError, TypeError):
            continue
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    return text


def _pairs(items: list[str], verb: str) -> list[tuple[str, str]]:
    pairs = []
    for n, item in enumerate(items, start=1):
        key, sep, value = item.partition("=")
        if not sep or not key or not value:
            # the argument is not repeated: a value typed in the wrong place may be personal data
            raise UsageError(
                f"%privguard {verb}: argument {n} is not KEY=VALUE; e.g. %privguard {verb} "
                + ("EMAIL_ADDRESS=mask" if verb == "policy" else "min_score=0.7")
            )
        pairs.append((key.strip(), value.strip()))
    return pairs


@magics_class
class PrivGuardMagics(Magics):
    """The ``%privguard`` magics; one instance per loaded extension."""

    def __init__(self, shell: Any, extension: PrivGuardExtension) -> None:
        super().__init__(shell)
        self.ext = extension

    # -- output helpers ---------------------------------------------------------------------------
    def _say(self, text: str, markup: str | None = None) -> None:
        data: dict[str, Any] = {"text/plain": text}
        if markup is not None:
            data["text/html"] = markup
        shell: Any = self.shell
        shell.display_pub.publish(data=data, metadata={})

    def _publish(self, bundle: tuple[dict[str, Any], dict[str, Any]]) -> None:
        data, metadata = bundle
        shell: Any = self.shell
        shell.display_pub.publish(data=data, metadata=metadata)

    def _audit(self, event: str, **fields: Any) -> None:
        self.ext.audit(event, **fields)

    @property
    def session(self) -> Any:
        return self.ext.session

    def _value_of(self, expression: str) -> Any:
        try:
            shell: Any = self.shell
            return shell.ev(expression)
        except Exception as exc:
            raise UsageError(
                f"%privguard: could not evaluate {expression!r} ({type(exc).__name__}); "
                "expected the name of a DataFrame or Series in this notebook"
            ) from None

    # -- the magic ----------------------------------------------------------------------------------
    @magic_arguments()  # type: ignore[no-untyped-call, untyped-decorator]
    @argument(
        "verb",
        nargs="?",
        default="status",  # type: ignore[no-untyped-call, untyped-decorator]
        help="what to do; %%privguard help lists the verbs",
    )
    @argument(
        "args",
        nargs=argparse.REMAINDER,  # type: ignore[no-untyped-call, untyped-decorator]
        help="the verb's arguments",
    )
    @line_cell_magic
    def privguard(self, line: str, cell: str | None = None) -> None:
        """Control the privacy guard: ``%privguard help`` lists the verbs.

        As a cell magic, ``%%privguard VERB ...`` applies a setting (policy, allow, deny, config,
        on, off) to that one cell only: the previous settings come back when the cell ends.
        """
        parsed = parse_argstring(self.privguard, line)  # type: ignore[no-untyped-call]
        verb = parsed.verb.lower()
        handler = self._verbs().get(verb)
        if handler is None:
            raise UsageError(
                f"%privguard: unknown verb {parsed.verb!r}; expected one of "
                f"{', '.join(self._verbs())}. %privguard help lists them."
            )
        if cell is None:
            handler(list(parsed.args))
            return
        if verb not in CELL_VERBS:
            raise UsageError(
                f"%%privguard {verb}: only {', '.join(CELL_VERBS)} can be scoped to a cell; "
                f"use the line magic %privguard {verb} instead"
            )
        saved = (self.session.policy, self.session.enabled, self.ext.display.reveal_seconds)
        try:
            handler(list(parsed.args), scope="cell")
            shell: Any = self.shell
            shell.run_cell(cell, store_history=False)
        finally:
            self.session.policy, self.session.enabled, self.ext.display.reveal_seconds = saved

    def _verbs(self) -> dict[str, Callable[..., None]]:
        return {
            "help": self._help,
            "on": self._on,
            "off": self._off,
            "status": self._status,
            "scan": self._scan,
            "policy": self._policy,
            "allow": self._allow,
            "deny": self._deny,
            "reveal": self._reveal,
            "config": self._config,
            "audit": self._show_audit,
            "leakage": self._leakage,
            "risk": self._risk,
            "panel": self._panel,
        }

    # -- verbs --------------------------------------------------------------------------------------
    def _help(self, args: list[str], scope: str = "session") -> None:
        width = max(len(k) for k in HELP)
        lines = ["%privguard verbs:"] + [f"  %privguard {k.ljust(width)}  {v}" for k, v in HELP.items()]
        lines.append(f"  %%privguard {{{'|'.join(CELL_VERBS)}}} ...  scope a setting to one cell")
        self._say("\n".join(lines))

    def _panel(self, args: list[str], scope: str = "session") -> None:
        _parser("panel", "show the privacy panel").parse_args(args)
        from IPython.display import display

        from ...errors import MissingDependencyError
        from ..widget import panel

        try:
            shown = panel(shell=self.shell)
        except MissingDependencyError as exc:
            raise UsageError(f"%privguard panel: {exc}") from None
        display(shown)  # type: ignore[no-untyped-call]

    def _on(self, args: list[str], scope: str = "session") -> None:
        _parser("on", "turn the guard on").parse_args(args)
        commands.set_enabled(self.session, True, source="magic", audit=self._audit, scope=scope)
        self._say("privguard: on")

    def _off(self, args: list[str], scope: str = "session") -> None:
        _parser("off", "pause the guard").parse_args(args)
        commands.set_enabled(self.session, False, source="magic", audit=self._audit, scope=scope)
        where = "for this cell" if scope == "cell" else "in this kernel until %privguard on"
        self._say(f"privguard: off {where}; outputs are shown unredacted")

    def _status(self, args: list[str], scope: str = "session") -> None:
        _parser("status", "show the guard's state").parse_args(args)
        self._say(self.ext.status_text())

    def _scan(self, args: list[str], scope: str = "session") -> None:
        parser = _parser("scan", "scan a DataFrame or Series")
        parser.add_argument("var", help="a variable (or expression) holding a DataFrame or Series")
        ns = parser.parse_args(args)
        obj = self._value_of(ns.var)
        from ...errors import UnsupportedDataError
        from ...render import report_table_html
        from ...scanner import scan

        try:
            report = scan(obj, policy=self.session.policy)
        except UnsupportedDataError as exc:
            raise UsageError(f"%privguard scan: {exc}") from None
        self.session.reports[ns.var] = report
        self.session.counts.frames_scanned += 1
        entities: dict[str, int] = {}
        for finding in report.columns.values():
            if finding.entity is not None and not finding.allowed:
                entities[finding.entity] = entities.get(finding.entity, 0) + 1
        self._audit(
            "scan",
            variable=ns.var if ns.var.isidentifier() else None,
            columns=report.pii_columns,
            entities=entities,
            n_rows=report.n_rows,
            n_columns=len(report.columns),
            elapsed_s=round(report.elapsed_s, 4),
        )
        self.session.emit("scan", {"label": ns.var, "report": report.to_dict()})
        head = (
            f"privguard scan of {ns.var}: {len(report.pii_columns)} of {len(report.columns)} columns hold "
            f"personal data ({report.n_rows} rows, {report.elapsed_s:.3f} s)"
        )
        self._say(f"{head}\n{report.summary()}", f"<p>{html.escape(head)}</p>{report_table_html(report)}")

    def _policy(self, args: list[str], scope: str = "session") -> None:
        from ...render import policy_table

        if not args:
            self._say(*policy_table(self.session.policy))
            return
        if args == ["reset"]:
            commands.reset_policy(self.session, source="magic", audit=self._audit, scope=scope)
            self._say("privguard: policy reset to the defaults and the configuration files")
            return
        if len(args) == 2 and "=" not in args[0] and "=" not in args[1]:
            pairs = [(args[0], args[1])]
        else:
            pairs = _pairs(args, "policy")
        try:
            changes = commands.set_actions(
                self.session,
                {entity: action.lower() for entity, action in pairs},
                source="magic",
                audit=self._audit,
                scope=scope,
            )
        except PolicyError as exc:
            raise UsageError(f"%privguard policy: {exc}") from None
        done = ", ".join(f"{k} -> {v}" for k, v in changes.items())
        self._say(f"privguard: {done}" + (" (this cell only)" if scope == "cell" else ""))

    def _allow_deny_args(self, verb: str, args: list[str]) -> argparse.Namespace:
        parser = _parser(verb, f"{verb} a column, a value or a pattern")
        parser.add_argument("kind", choices=("column", "value", "pattern"), help="what to " + verb)
        parser.add_argument("target", help="a column name (globs allowed), an exact value, or a regular expression")
        if verb == "deny":
            parser.add_argument("entity", nargs="?", help="for a column: force it to this entity")
        return parser.parse_args(args)

    def _allow(self, args: list[str], scope: str = "session") -> None:
        ns = self._allow_deny_args("allow", args)
        try:
            commands.allow(self.session, ns.kind, ns.target, source="magic", audit=self._audit, scope=scope)
        except PolicyError as exc:
            raise UsageError(f"%privguard allow: {exc}") from None
        shown = repr(ns.target) if ns.kind == "column" else f"1 {ns.kind}"
        self._say(f"privguard: allowed {ns.kind} {shown}" + (" (this cell only)" if scope == "cell" else ""))

    def _deny(self, args: list[str], scope: str = "session") -> None:
        ns = self._allow_deny_args("deny", args)
        try:
            commands.deny(
                self.session,
                ns.kind,
                ns.target,
                ns.entity,
                source="magic",
                audit=self._audit,
                scope=scope,
                require_listed=True,
            )
        except PolicyError as exc:
            raise UsageError(f"%privguard deny: {exc}") from None
        self._say(
            f"privguard: denied {ns.kind} "
            + (repr(ns.target) if ns.kind == "column" else "")
            + (f" as {ns.entity.upper()}" if ns.entity else "")
        )

    def _reveal(self, args: list[str], scope: str = "session") -> None:
        parser = _parser("reveal", "show a variable unredacted in the live view only")
        parser.add_argument("var", help="the variable to show")
        parser.add_argument("columns", nargs="*", help="the columns to reveal (default: all)")
        ns = parser.parse_args(args)
        obj = self._value_of(ns.var)
        kind = self.ext.display.kind_of(obj)
        if not self.ext.display.shown(obj):
            raise UsageError(f"%privguard reveal: expected a DataFrame, Series, Index or Styler, got {kind}")
        try:
            commands.reveal(
                self.session,
                self.ext.display,
                obj,
                ns.var,
                list(ns.columns),
                source="magic",
                audit=self._audit,
                kinds=None,  # checked above
                audit_variable=ns.var if ns.var.isidentifier() else None,
                list_columns=True,
            )
        except PolicyError as exc:
            raise UsageError(f"%privguard reveal: {exc}") from None

    def _config(self, args: list[str], scope: str = "session") -> None:
        if not args:
            settings = self.session.policy.to_dict()
            settings["reveal_seconds"] = self.ext.display.reveal_seconds
            lines = ["privguard settings:"] + [
                f"  {k} = {json.dumps(v, default=str)}"
                for k, v in sorted(settings.items())
                if k not in ("allow_values", "allow_patterns")
            ]
            # allowed values and patterns may be personal data: counted, not shown
            lines.append(
                f"  allow_values: {plural(len(settings['allow_values']), 'value')}; "
                f"allow_patterns: {plural(len(settings['allow_patterns']), 'pattern')}"
            )
            self._say("\n".join(lines))
            return
        pairs = [(key, _parse_value(raw)) for key, raw in _pairs(args, "config")]

        def set_guard(key: str, value: float) -> None:
            setattr(self.ext.display, key, value)

        try:
            names = commands.configure(
                self.session, pairs, source="magic", audit=self._audit, scope=scope, set_guard=set_guard
            )
        except PolicyError as exc:
            raise UsageError(f"%privguard config: {exc}") from None
        self._say("privguard: set " + ", ".join(names) + (" (this cell only)" if scope == "cell" else ""))

    def _show_audit(self, args: list[str], scope: str = "session") -> None:
        parser = _parser("audit", "show and verify the audit log")
        parser.add_argument("-n", type=int, default=20, help="how many of the last events to show")
        ns = parser.parse_args(args)
        log = self.ext.audit_log()
        if log is None:
            raise UsageError("%privguard audit: the audit log is not available (jupyter_privguard.audit did not load)")
        ok, message = log.verify()
        events = log.read()[-max(0, ns.n) :] if ns.n else []
        lines = [f"privguard audit log {getattr(log, 'path', '')}: {'OK' if ok else 'BROKEN'} - {message}"]
        for event in events:
            payload = {
                k: v
                for k, v in event.items()
                if k not in ("prev", "hash", "user", "pid", "kernel", "time", "seq", "event")
            }
            lines.append(
                f"  {event.get('seq', '')!s:>4} {str(event.get('time', ''))[:19]} {event.get('event', ''):<8} "
                f"{json.dumps(payload, sort_keys=True)}"
            )
        self._say("\n".join(lines))

    # -- risk analysis --------------------------------------------------------------------------------
    def _frame_of(self, expression: str, verb: str) -> Any:
        """The DataFrame a risk verb analyses (polars frames are converted by the risk functions)."""
        obj = self._value_of(expression)
        kind = self.ext.display.kind_of(obj)
        adapter = adapter_for(obj, self.session.registries.get("adapters"))
        if adapter is None or kind not in adapter.tables:
            raise UsageError(
                f"%privguard {verb}: expected a pandas or polars DataFrame, got {kind}; e.g. %privguard {verb} df"
            )
        return obj

    @staticmethod
    def _columns_of(frame: Any, names: list[str] | None, verb: str, option: str) -> list[Any] | None:
        """Column labels for names typed in a magic line (a label matches by its ``str``)."""
        if not names:
            return None
        labels = {str(c): c for c in frame.columns}
        unknown = [n for n in names if n not in labels]
        if unknown:
            shown = ", ".join(list(labels)[:30]) + (" ..." if len(labels) > 30 else "")
            raise UsageError(
                f"%privguard {verb}: {option} names {', '.join(map(repr, unknown))}, which "
                f"{'is not a column' if len(unknown) == 1 else 'are not columns'}; its columns: {shown}"
            )
        return [labels[n] for n in names]

    @staticmethod
    def _risk_error(verb: str, exc: Exception) -> UsageError:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        return UsageError(f"%privguard {verb}: {message}")

    def _store_risk(self, var: str, kind: str, payload: dict[str, Any]) -> None:
        self.session.risk_results.setdefault(var, {})[kind] = payload
        self.session.emit("risk", {"label": var, "kind": kind, "report": payload})

    def _leakage(self, args: list[str], scope: str = "session") -> None:
        parser = _parser("leakage", "which features leak a sensitive attribute, and how strongly")
        parser.add_argument("var", help="a variable (or expression) holding a DataFrame")
        parser.add_argument(
            "--sensitive",
            nargs="+",
            metavar="COL",
            help="the sensitive attribute(s); default: the columns classified as protected "
            "(sex, race, religion, health, age ...)",
        )
        parser.add_argument("--target", metavar="COL", help="your model's label: never used as a feature")
        parser.add_argument(
            "--model", metavar="VAR", help="your fitted model: the gap in its output between groups, split per feature"
        )
        parser.add_argument("--no-plots", action="store_true", help="leave out the SHAP plots (faster)")
        ns = parser.parse_args(args)
        frame = self._frame_of(ns.var, "leakage")
        sensitive = self._columns_of(frame, ns.sensitive, "leakage", "--sensitive")
        target = self._columns_of(frame, [ns.target] if ns.target else None, "leakage", "--target")
        if target and sensitive and target[0] in sensitive:
            raise UsageError(
                f"%privguard leakage: --target {ns.target} is also --sensitive; the target is your "
                "model's label and is never used as a feature: name the attribute to test with "
                "--sensitive and the label with --target"
            )
        model = self._value_of(ns.model) if ns.model else None
        if model is not None and target is None:
            raise UsageError(
                "%privguard leakage: --model needs --target COL (the label the model was trained on), "
                f"e.g. %privguard leakage {ns.var} --target label --model {ns.model}"
            )
        from ... import render
        from ...errors import MissingDependencyError, UnsupportedDataError
        from ...risk import leakage

        try:
            report = leakage(frame, sensitive, target=target[0] if target else None, model=model)
        except (UnsupportedDataError, MissingDependencyError, KeyError, ValueError) as exc:
            raise self._risk_error("leakage", exc) from None
        images: list[tuple[str, str]] = []
        if not ns.no_plots:
            try:
                images = render.shap_images(report)
            except Exception as exc:  # a plotting failure must not hide the report
                report.notes.append(f"SHAP plots not drawn ({type(exc).__name__}).")
            if not images and report.attributes and not _has_matplotlib():
                report.notes.append("SHAP plots not drawn: pip install matplotlib to see them.")
        data, metadata = render.leakage_bundle(report, label=ns.var, images=images)
        payload = data[render.LEAKAGE_MIME]
        self._store_risk(ns.var, "leakage", payload)
        aucs = {a.sensitive: round(a.auc, 4) for a in report.attributes if math.isfinite(a.auc)}
        self._audit(
            "leakage",
            variable=ns.var if ns.var.isidentifier() else None,
            columns=[a.sensitive for a in report.attributes],
            counts=aucs or None,
            decision="proxies" if any(a.proxies for a in report.attributes) else "no-proxy",
            n_rows=report.n_rows,
            elapsed_s=round(report.elapsed_s, 3),
        )
        self._publish((data, metadata))

    def _risk(self, args: list[str], scope: str = "session") -> None:
        parser = _parser("risk", "re-identification risk: could a row be singled out?")
        parser.add_argument("var", help="a variable (or expression) holding a DataFrame")
        parser.add_argument(
            "--qi", nargs="+", metavar="COL", help="the quasi-identifiers; default: the columns classified as such"
        )
        parser.add_argument(
            "--sensitive",
            nargs="+",
            metavar="COL",
            help="columns whose l-diversity is reported; default: those classified as sensitive",
        )
        parser.add_argument("--k", type=int, metavar="N", help="also show the generalisation that reaches k = N")
        parser.add_argument("--no-plots", action="store_true", help="leave out the class-size histogram")
        ns = parser.parse_args(args)
        if ns.k is not None and ns.k < 1:
            raise UsageError(f"%privguard risk: --k must be an integer >= 1, got {ns.k}; e.g. --k 5")
        frame = self._frame_of(ns.var, "risk")
        qi = self._columns_of(frame, ns.qi, "risk", "--qi")
        sensitive = self._columns_of(frame, ns.sensitive, "risk", "--sensitive")
        from ... import render
        from ...errors import UnsupportedDataError
        from ...risk import reidentification

        try:
            # the session's policy: allowed columns are not quasi-identifiers, and the display
            # guard's scan of the same frame is reused from the scanner's cache
            report = reidentification(frame, qi, sensitive=sensitive, policy=self.session.policy)
            generalization = report.generalize(k=ns.k) if ns.k is not None and report.quasi_identifiers else None
        except (UnsupportedDataError, KeyError, ValueError) as exc:
            raise self._risk_error("risk", exc) from None
        hint = None
        if generalization is not None:
            given = f", {[str(c) for c in qi]!r}" if qi else ""
            hint = (
                f"frame, changes = reidentification({ns.var}{given}).generalize(k={ns.k})  "
                "# from jupyter_privguard.risk import reidentification"
            )
        images: list[tuple[str, str]] = []
        if not ns.no_plots:
            try:
                images = render.risk_images(report, k=ns.k or 5)
            except Exception as exc:  # a plotting failure must not hide the report
                report.notes.append(f"Class-size histogram not drawn ({type(exc).__name__}).")
        data, metadata = render.risk_bundle(
            report, label=ns.var, generalization=generalization, hint=hint, images=images
        )
        payload = data[render.RISK_MIME]
        self._store_risk(ns.var, "risk", payload)
        counts: dict[str, Any] = {
            "k": report.k,
            "unique_share": round(report.unique_share, 6),
            "n_classes": report.n_classes,
        }
        if generalization is not None:
            counts.update(
                {
                    "k_target": generalization.k_target,
                    "k_reached": generalization.k,
                    "suppressed": generalization.suppressed,
                }
            )
        self._audit(
            "risk",
            variable=ns.var if ns.var.isidentifier() else None,
            columns=list(report.quasi_identifiers),
            counts=counts,
            n_rows=report.n_rows,
            elapsed_s=round(report.elapsed_s, 3),
        )
        self._publish((data, metadata))


def _has_matplotlib() -> bool:
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None
