"""Where the commands put what they produce, and how model text reaches a terminal or a CI log.

`write_output` is the one way a command writes a file named on its command line: `-` means
standard output; an existing regular file is replaced atomically (keeping its mode, owner and
hard links, see `archdsl.report.atomic`); anything else that exists (`/dev/null`, a FIFO,
`/dev/stdout`, a terminal) is written through, never replaced. A failure is a usage error
(exit 2) naming the file and the reason.

`say` prints one message that may quote model text on standard error, escaped as the text
reporter escapes findings: a line break inside a value cannot start a new line, so model text
can never become a CI workflow command (`::error ...::`, `::add-mask::`, `::stop-commands::`).
"""

from __future__ import annotations

import sys

from archdsl.cli.errors import UsageError
from archdsl.report import atomic
from archdsl.report.text import printable

STDOUT = "-"


def write_output(name: str, data: str | bytes, what: str = "") -> None:
    """Write `data` to the file `name` (`-`: standard output); OSError becomes a UsageError."""
    if name == STDOUT:
        sys.stdout.flush()
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    if not name:
        raise UsageError(f"empty file name for {what or 'the output'}")
    try:
        atomic.write_atomic(name, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot write {printable(name)}: {reason}") from error


def say(message: str, hint: str | None = None, stream=None) -> None:
    """Print `message` (and `  hint: ...`) on stderr with control characters escaped."""
    stream = stream or sys.stderr
    print(printable(message), file=stream)
    if hint:
        print(f"  hint: {printable(hint)}", file=stream)
