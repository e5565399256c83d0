"""Answer extraction and safe payload parsing shared by every family."""

from taskgen.verifiers.extract import (
    CONTAINERS,
    Container,
    Extraction,
    boxed,
    extract_answer,
    last_boxed,
    last_tagged,
    strip_thinking,
    unwrap_latex,
)
from taskgen.verifiers.grid import (
    Grid,
    changed_givens,
    format_grid,
    parse_int_grid,
    read_grid,
    render_grid,
)
from taskgen.verifiers.parse import PayloadError, parse_json, parse_literal

__all__ = [
    "CONTAINERS",
    "Container",
    "Extraction",
    "Grid",
    "PayloadError",
    "boxed",
    "changed_givens",
    "extract_answer",
    "format_grid",
    "last_boxed",
    "last_tagged",
    "parse_int_grid",
    "parse_json",
    "parse_literal",
    "read_grid",
    "render_grid",
    "strip_thinking",
    "unwrap_latex",
]
