"""Parse kennisbank source documents (txt, md, pdf, docx) into Django-free structured results."""

from kansenwerk.kennisbank.importing.api import parse_file, parse_text
from kansenwerk.kennisbank.importing.problems import ImportProblem

__all__ = ["ImportProblem", "parse_file", "parse_text"]
