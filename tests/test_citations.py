"""Product text cites its sources by title, publisher and date, never by an internal file number.

The project's source documents were handed to it as numbered files (``002_26b63e9b22806d8d.txt``,
"seed 002"); users never see those names, so the code, the indicator metadata (shown in the
dashboard, the data book and the board pack), the README and the docs must not use them."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BY_NUMBER = re.compile(r"\bseed(?:\s+document)?s?\s*0\d\d\b|\b\d{3}_[0-9a-f]{16}\b", re.IGNORECASE)


def product_text():
    yield ROOT / "README.md"
    for folder in ("src", "docs"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".sql", ".yml", ".yaml", ".md", ".html", ".txt", ".json",
                                                  ".js", ".css", ".csv"):
                yield path


def test_no_source_is_cited_by_its_file_number():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()[:120]}"
             for path in product_text()
             for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if BY_NUMBER.search(line)]
    assert not found, "cite these by title, publisher and date:\n" + "\n".join(found)


def test_the_pattern_catches_what_it_should():
    # the forms the repository used before, and the file names themselves
    for text in ("(seed 002)", "seed document 001", "Seed 004 section 8", "see 004_1864e4154f99e228.txt"):
        assert BY_NUMBER.search(text), text
    # and leaves alone the random generator's seeds
    for text in ("--seed 42", "the same seed gives the same store", "stable_seed(la, 2024)", "seed=4"):
        assert not BY_NUMBER.search(text), text
