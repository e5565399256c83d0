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
from taskgen.verifiers.parse import PayloadError, parse_json, parse_literal

__all__ = [
    "CONTAINERS",
    "Container",
    "Extraction",
    "PayloadError",
    "boxed",
    "extract_answer",
    "last_boxed",
    "last_tagged",
    "parse_json",
    "parse_literal",
    "strip_thinking",
    "unwrap_latex",
]
