"""Parse `.arch` text into an AST, collecting every syntax error instead of stopping at the first.

The Lark LALR parser is built once per process (its tables cached in a private per-user folder,
see `archdsl.syntax.lark_cache`),
with the AST builder embedded so no parse tree is materialised. Lark's exceptions stop here: each
becomes an E001 finding (see `archdsl.syntax.errors`).

Recovery (see `archdsl.syntax.recovery`): after an error, the statements before the failing
top-level statement are kept. When the error can be corrected in the text (a recognised mistake,
a missing `}`, or an item of a body to skip), the failing statement is read again from the
corrected text; otherwise parsing resumes at the next line that starts a top-level statement
(text at column 1 that is not `}` or a comment). Lines are blanked rather than removed, so
positions stay exact. Labels written without quotes are looked for afterwards, on the lines where
they would show (an element of an unknown kind, a syntax error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lark import Lark
from lark.exceptions import UnexpectedInput

from archdsl.findings import Finding
from archdsl.gc_pause import gc_paused
from archdsl.spans import Span
from archdsl.syntax import ast, engine
from archdsl.syntax.builder import Builder, BuildState, building
from archdsl.syntax.errors import at_end_of_input, brace_balance, syntax_error
from archdsl.syntax.lark_cache import build_parser
from archdsl.syntax.recovery import may_hold_unquoted_label, plan, unquoted_labels
from archdsl.syntax.source import Source, apply

MAX_SYNTAX_ERRORS = 20
# Larger texts are refused with one E001 (a 10,000-component model is about 2 MB); files are
# capped when read (archdsl.model.loader), this catches text given to the API.
MAX_SOURCE_CHARS = 16 * 1024 * 1024
# Boundaries inside boundaries, and lists inside lists, nest at most this deep (real models nest
# boundaries a handful of levels). Every later stage may then walk the tree recursively.
MAX_NESTING = 64


def grammar_path() -> Path:
    """The grammar file: inside the installed package, or at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (
        package / "grammar" / "archdsl.lark",
        package.parent / "grammar" / "archdsl.lark",
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("archdsl grammar not found; the installation is incomplete")


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The parser with the AST builder embedded, shared by every parse: neither keeps state of
    a parse (each parse's state is `building`'s), so no lock is needed around parsing. It runs
    on lark-cython when that is installed and not refused (see `archdsl.syntax.engine`)."""
    grammar = grammar_path().read_text(encoding="utf-8")
    plugins = engine.cython_plugins() if engine.wanted() == engine.CYTHON else None
    if plugins is not None:
        try:
            return _build(grammar, plugins)
        except Exception:  # a lark-cython that does not fit the installed Lark: use Lark's own
            pass
    return _build(grammar, {})


def _build(grammar: str, plugins: dict[str, Any]) -> Lark:
    return build_parser(
        "ast",
        grammar,
        parser="lalr",
        lexer="contextual",
        transformer=Builder(),
        maybe_placeholders=True,
        _plugins=plugins,
    )


def parser_engine() -> str:
    """The engine that parses in this process: `lark-cython` or `lark` (Lark's own)."""
    return engine.CYTHON if _parser().options._plugins else engine.PURE_PYTHON


@dataclass
class ParseResult:
    """The AST of one file and the syntax errors found in it."""

    file: ast.File
    errors: list[Finding] = field(default_factory=list)


def parse_text(text: str, path: str = "<text>") -> ParseResult:
    """Parse one file's text. Never raises for any input: problems come back as findings."""
    if len(text) > MAX_SOURCE_CHARS:
        return _too_large(text, path)
    text = _normalise(text)
    lark = _parser()
    result = _parse(lark, text, path)
    labels = []
    if may_hold_unquoted_label(result.file.statements, result.errors):
        labels = unquoted_labels(Source(text), path)
    if labels:  # read again with the labels quoted
        result = _parse(lark, apply(text, [e for s in labels for e in s.edits]), path)
        result.errors = sorted(
            [slip.finding() for slip in labels] + result.errors,
            key=lambda f: (f.span.line, f.span.column),
        )
    _limit_nesting(result)
    return result


def _too_large(text: str, path: str) -> ParseResult:
    result = ParseResult(ast.File(path, complete=False))
    result.errors.append(
        syntax_error(
            f"the text is {len(text) / 2**20:.1f} MB; archdsl reads models of at most "
            f"{MAX_SOURCE_CHARS // 2**20} MB",
            _line_span(path, 1),
            "split the model into files that import each other",
        )
    )
    return result


def _parse(lark: Lark, text: str, path: str) -> ParseResult:
    result = ParseResult(ast.File(path))
    with building(path) as state, gc_paused():
        _parse_with_recovery(lark, state, text, path, result)
    for message, span, hint in state.problems:  # each drops what it is about
        result.errors.append(syntax_error(message, span, hint))
        result.file.complete = False
    return result


def _limit_nesting(result: ParseResult) -> None:
    """Drop each top-level statement that nests deeper than MAX_NESTING, with an E001 saying so.
    The walk uses an explicit stack: the tree may be thousands of levels deep here."""
    kept = []
    for statement in result.file.statements:
        too_deep = _too_deep(statement)
        if too_deep is None:
            kept.append(statement)
            continue
        what, span = too_deep
        result.file.complete = False
        result.errors.append(
            syntax_error(
                f"{what} nest more than {MAX_NESTING} levels deep",
                span,
                f"archdsl reads at most {MAX_NESTING} levels of nested {what}",
            )
        )
    result.file.statements[:] = kept


def _too_deep(statement) -> tuple[str, Span] | None:
    stack: list[tuple[object, int, int]] = [(statement, 0, 0)]  # node, boundaries, lists
    while stack:
        node, boundaries, lists = stack.pop()
        if isinstance(node, ast.Value):
            if node.kind != "list":
                continue
            if lists + 1 > MAX_NESTING:
                return "lists", node.span
            stack.extend((item, boundaries, lists + 1) for item in node.data)
            continue
        if isinstance(node, ast.Boundary):
            if boundaries + 1 > MAX_NESTING:
                return "boundaries", node.id.span
            stack.extend((item, boundaries + 1, 0) for item in node.items)
        # Only lists nest: other values are not walked (most properties hold none).
        for prop in getattr(node, "props", None) or ():
            if prop.value.kind == "list":
                stack.append((prop.value, boundaries, 0))
        for relation in getattr(node, "relations", None) or ():
            stack.extend((p.value, boundaries, 0) for p in relation.props if p.value.kind == "list")
    return None


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _parse_with_recovery(
    lark: Lark, state: BuildState, text: str, path: str, result: ParseResult
) -> None:
    lines = text.split("\n")
    offset_line = 0  # lines before this one are already handled (blanked in the retry text)
    while True:
        chunk = "\n" * offset_line + "\n".join(lines[offset_line:])
        reported = len(state.problems)
        try:
            result.file.statements.extend(_statements(lark, chunk))
            return
        except UnexpectedInput as error:
            del state.problems[reported:]  # the salvage parse below reports them again
            slip = plan(error, Source(chunk), path)
            result.errors.append(slip.finding())
            if at_end_of_input(error):
                _keep(result, _salvage(lark, lines, offset_line, len(lines)))
                return
            failed_line = max(getattr(error, "line", 1) or 1, offset_line + 1)
        except RecursionError:
            del state.problems[reported:]
            result.file.complete = False
            result.errors.append(
                syntax_error(
                    "the text nests too deeply to read", _line_span(path, offset_line + 1), None
                )
            )
            return
        start = _statement_start(lines, offset_line, failed_line, Source(chunk))
        _keep(result, _salvage(lark, lines, offset_line, start))
        if len(result.errors) >= MAX_SYNTAX_ERRORS:
            result.file.complete = False
            result.errors.append(
                syntax_error(
                    f"stopped after {MAX_SYNTAX_ERRORS} syntax errors",
                    _line_span(path, failed_line),
                    "fix the errors above first",
                )
            )
            return
        if slip.edits:  # read the failing statement again, corrected (or with its item blanked)
            result.file.complete = result.file.complete and slip.corrects
            lines = apply(chunk, slip.edits).split("\n")
            offset_line = start
            continue
        result.file.complete = False  # the failing statement is skipped
        resume = _next_statement_start(lines, failed_line)
        if resume is None:
            return
        offset_line = resume


def _statements(lark: Lark, text: str) -> list[Any]:
    """The top-level statements of `text` (the embedded builder's `start` returns their list;
    Lark's types only know the parse tree it returns without a transformer)."""
    statements: list[Any] = lark.parse(text)  # type: ignore[assignment]
    return statements


def _salvage(lark: Lark, lines: list[str], first: int, end: int) -> list | None:
    """The statements of lines [first, end) if they parse on their own (closing open braces);
    None if they do not."""
    if end <= first:
        return []
    chunk = "\n" * first + "\n".join(lines[first:end])
    missing = brace_balance(chunk)
    try:
        return _statements(lark, chunk + "\n" + "}" * missing)
    except (UnexpectedInput, RecursionError):
        return None


def _keep(result: ParseResult, salvaged: list | None) -> None:
    """Add salvaged statements to `result`; lines that did not parse leave the file incomplete."""
    if salvaged is None:
        result.file.complete = False
    else:
        result.file.statements.extend(salvaged)


def _starts_statement(line: str) -> bool:
    return bool(line) and not line[0].isspace() and line[0] not in "}#"


def _statement_start(lines: list[str], first: int, failed_line: int, source: Source) -> int:
    """0-based index of the top-level statement line at or before the failing (1-based) line:
    a line at column 1 where no body is open (bodies need not be indented)."""
    candidates = [
        index
        for index in range(first, min(failed_line, len(lines)))
        if _starts_statement(lines[index])
    ]
    opened = source.innermost_braces([source.line_starts[index] for index in candidates])
    for index, brace in zip(reversed(candidates), reversed(opened), strict=True):
        if brace is None:
            return index
    return first


def _next_statement_start(lines: list[str], failed_line: int) -> int | None:
    for index in range(failed_line, len(lines)):
        if _starts_statement(lines[index]):
            return index
    return None


def _line_span(path: str, line: int) -> Span:
    return Span(path, line, 1, line, 1)
