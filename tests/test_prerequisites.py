"""Missing prerequisites skip on a developer's machine and fail in CI (tests/conftest.skip_or_fail)."""
import pytest

from tests.conftest import import_or_fail, skip_or_fail


def test_a_developer_machine_skips_with_the_reason(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        skip_or_fail("chromium is not installed")


@pytest.mark.parametrize("flag", ["true", "1", "TRUE"])
def test_ci_fails_with_the_reason(monkeypatch, flag):
    monkeypatch.setenv("CI", flag)
    with pytest.raises(pytest.fail.Exception, match=r"chromium is not installed\. CI=true, so a missing "
                                                    r"prerequisite fails the run instead of skipping"):
        skip_or_fail("chromium is not installed")


def test_a_missing_third_party_module_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Playwright is not installed"):
        import_or_fail("no_such_module_for_carepath_tests", "Playwright is not installed")
    assert import_or_fail("json", "json is missing").dumps([1]) == "[1]"
