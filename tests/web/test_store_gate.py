"""The server reads the store only while a request needs it, so the command line can still write."""
import shutil
import subprocess
import sys
import time

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""
WRITE = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS written_while_serving (x INTEGER)")
con.close()
print("wrote")
"""


def test_a_missing_store_is_a_plain_503(client_as, site, tmp_path):
    site.store = tmp_path / "absent.duckdb"
    page = client_as("analyst").get("/overview")
    assert page.status_code == 503 and "There is no store at" in page.text and "carepath load" in page.text


def test_while_a_command_writes_pages_say_busy_then_work_again(client_as, site, tmp_path):
    store = tmp_path / "store.duckdb"
    shutil.copy(site.store, store)
    site.store = store
    client = client_as("analyst")
    assert client.get("/overview?la=846").status_code == 200
    # the server has let go of the file: another process can write to it
    wrote = subprocess.run([sys.executable, "-c", WRITE, str(store)], capture_output=True, text=True, timeout=60)
    assert wrote.stdout.strip() == "wrote", wrote.stderr
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        busy = client.get("/overview?la=846")
        assert busy.status_code == 503 and "another carepath command is loading or computing" in busy.text
        assert client.get("/api/records?indicator=referrals").json()["error"].startswith("The store is busy")
    finally:
        holder.kill()
        holder.wait()
    deadline = time.time() + 10
    while client.get("/overview?la=846").status_code != 200 and time.time() < deadline:
        time.sleep(0.2)
    assert client.get("/overview?la=846").status_code == 200
