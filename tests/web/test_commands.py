"""``carepath user`` and ``carepath serve`` as a person runs them: plain messages, a real server."""
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from carepath.web.accounts import Accounts


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "carepath", *args], capture_output=True, text=True, timeout=120,
                          input=stdin)


def test_user_add_list_disable_enable_password(built, tmp_path):
    store, secret = tmp_path / "s.duckdb", tmp_path / "pw.txt"
    shutil.copy(built.store, store)                    # the hand-made authority: team 846/T1 is in it
    secret.write_text("a long enough password\n")
    added = run("user", "add", "Ann", "--role", "team_manager", "--la", "846", "--unit", "846/T1", "--name", "Ann Ash",
                "--password-file", str(secret), "--store", str(store))
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added ann: Team manager, 846/T1")
    assert (tmp_path / "s.duckdb.web.sqlite").exists()   # accounts live beside the store
    run("user", "add", "boss", "--role", "analyst", "--admin", "--password-file", str(secret), "--store", str(store))
    listed = run("user", "list", "--store", str(store)).stdout
    assert "ann" in listed and "Team manager" in listed and "boss" in listed and "admin" in listed
    assert run("user", "disable", "ann", "--store", str(store)).returncode == 0
    accounts = Accounts(tmp_path / "s.duckdb.web.sqlite")
    assert not accounts.get("ann").active and "DISABLED" in run("user", "list", "--store", str(store)).stdout
    run("user", "enable", "ann", "--store", str(store))
    changed = run("user", "password", "ann", "--store", str(store), stdin="another password!\nanother password!\n")
    assert changed.returncode == 0 and accounts.verify("ann", "another password!") is not None


def test_user_mistakes_are_plain_messages(tmp_path):
    store = tmp_path / "s.duckdb"
    secret = tmp_path / "pw.txt"
    secret.write_text("a long enough password")
    missing = run("user", "add", "ann", "--role", "practitioner", "--la", "846", "--password-file", str(secret),
                  "--store", str(store))
    assert missing.returncode == 2 and "needs --unit" in missing.stderr and "Traceback" not in missing.stderr
    short = run("user", "add", "ann", "--role", "analyst", "--store", str(store), stdin="short\nshort\n")
    assert short.returncode == 2 and "at least 10 characters" in short.stderr
    unknown = run("user", "disable", "nobody", "--store", str(store))
    assert unknown.returncode == 2 and "There is no account 'nobody'" in unknown.stderr


def test_user_add_refuses_a_unit_the_store_does_not_hold(built, tmp_path):
    store, secret = tmp_path / "s.duckdb", tmp_path / "pw.txt"
    secret.write_text("a long enough password")
    add = lambda *scope: run("user", "add", "x", *scope, "--password-file", str(secret), "--store", str(store))  # noqa: E731
    no_store = add("--role", "team_manager", "--la", "846", "--unit", "846/T1")
    assert no_store.returncode == 2 and "There is no store at" in no_store.stderr
    shutil.copy(built.store, store)
    for scope, complaint in ((("--role", "team_manager", "--la", "846", "--unit", "846/T9"), "There is no team 846/T9"),
                             (("--role", "practitioner", "--la", "846", "--unit", "846/W9"), "no practitioner 846/W9"),
                             (("--role", "service_lead", "--la", "846", "--unit", "Fostering"), "service 'Fostering'"),
                             (("--role", "authority_lead", "--la", "999"), "no children or teams of authority 999")):
        refused = add(*scope)
        assert refused.returncode == 2 and complaint in refused.stderr and "Traceback" not in refused.stderr
    assert Accounts(tmp_path / "s.duckdb.web.sqlite").users() == []
    assert add("--role", "practitioner", "--la", "846", "--unit", "846/W3").returncode == 0   # Cat is in the store


def test_serve_needs_a_store_and_an_account(tmp_path):
    no_store = run("serve", "--store", str(tmp_path / "none.duckdb"))
    assert no_store.returncode == 2 and "No store at" in no_store.stderr
    (tmp_path / "s.duckdb").write_bytes(b"")
    no_accounts = run("serve", "--store", str(tmp_path / "s.duckdb"))
    assert no_accounts.returncode == 2 and "carepath user add" in no_accounts.stderr


def test_serve_answers_on_the_port_asked(built, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "carepath", "serve", "--store", str(built.store), "--web-db",
                               str(built.web_db), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        deadline, answer = time.time() + 30, None
        while time.time() < deadline and answer is None:
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            except OSError:
                time.sleep(0.2)
        assert answer is not None and b'"ok"' in answer
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=5).read().decode()
        assert "<h1 class=\"heading-l\">Sign in</h1>" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_demo_makes_one_account_per_role_once(built, tmp_path):
    from carepath.web.demo import demo_accounts
    web_db = tmp_path / "demo.sqlite"
    made = demo_accounts(built.store, web_db)
    # 846 has the most children; Alpha (10 allocations) the busiest team; Ann (8) the busiest practitioner
    assert [(name, what) for name, _, what in made] == [
        ("analyst", "Analyst, administrator"), ("lead", "Authority lead, LA 846"), ("manager", "Team manager, 846/T1"),
        ("practitioner", "Practitioner, 846/W1"), ("region", "Regional viewer")]
    accounts = Accounts(web_db)
    assert all(accounts.verify(name, password) for name, password, _ in made)
    assert demo_accounts(built.store, web_db) == []
