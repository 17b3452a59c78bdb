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


# Checked against the documents themselves: the Signs of Safety core data set (Version 2.1.1, April 2019)
# came out of the England Innovations Project run by Munro, Turnell and Murphy Child Protection
# Consultancy (its title page and the project's reports name them so); the DfE statutory guidance
# "Children's social care: national framework" was first published on 15 December 2023 (GOV.UK).
SIGNS_OF_SAFETY = "Munro, Turnell and Murphy Child Protection Consultancy"
NATIONAL_FRAMEWORK = "Children's social care: national framework (statutory guidance), Department for Education, December 2023"


def test_the_signs_of_safety_core_data_set_and_the_national_framework_are_cited_as_published():
    wrong = []
    cited_sos = cited_framework = 0
    for path in product_text():
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if "Core Data Set v2.1.1" in line:
                cited_sos += 1
                if SIGNS_OF_SAFETY not in line:
                    wrong.append(f"{path.relative_to(ROOT)}:{n}: publisher is {SIGNS_OF_SAFETY}")
            if re.search(r"Turnell and Murphy Child Protection Consult", line) and SIGNS_OF_SAFETY not in line:
                wrong.append(f"{path.relative_to(ROOT)}:{n}: publisher is {SIGNS_OF_SAFETY}")
            if re.search(r"children.s social care:? national framework\b", line, re.IGNORECASE):
                cited_framework += 1
                if NATIONAL_FRAMEWORK not in line:
                    wrong.append(f"{path.relative_to(ROOT)}:{n}: cite as '{NATIONAL_FRAMEWORK}'")
    assert not wrong, "\n".join(wrong)
    assert cited_sos > 10 and cited_framework >= 2      # the citations are still there to check
