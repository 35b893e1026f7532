"""bench/wrk.py and bench/report.py read wrk's and ansible-playbook's output into the bench's
table; the samples are real output of Debian's wrk 4.1.0 and ansible-core 2.19."""

from __future__ import annotations

import pytest

from tests.unit.bench_modules import load

wrk = load("wrk")
report = load("report")

# Through nginx with its rate limit on: wrk counts the 429s as complete requests.
RATE_LIMITED = """\
Running 2s test @ https://demo.vpsforge.test/health
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.56ms    7.12ms 107.02ms   96.72%
    Req/Sec     9.42k     2.88k   13.03k    80.00%
  Latency Distribution
     50%  341.00us
     75%  544.00us
     90%    1.34ms
     99%   31.21ms
  18738 requests in 2.00s, 11.61MB read
  Non-2xx or 3xx responses: 18698
Requests/sec:   9364.30
Transfer/sec:      5.80MB
"""

# A server that answers some requests after --timeout 1s and some with 500.
ERRORS = """\
Running 3s test @ http://127.0.0.1:8000/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    45.44ms   16.50ms  58.64ms   75.00%
    Req/Sec    16.38     14.64    40.00     75.00%
  Latency Distribution
     50%   52.04ms
     75%   56.02ms
     90%   56.03ms
     99%   58.64ms
  17 requests in 3.01s, 1.95KB read
  Socket errors: connect 0, read 0, write 0, timeout 5
  Non-2xx or 3xx responses: 4
Requests/sec:      5.65
Transfer/sec:     664.01B
"""

# Paced load (bench/paced.lua) stopped with SIGINT after the event: no failures, so wrk
# prints neither the socket errors nor the status line.
PACED_CLEAN = """\
Running 60m test @ https://demo.vpsforge.test/health
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.58ms   21.80ms 169.19ms   78.97%
    Req/Sec   168.57     51.39   292.00     65.00%
  Latency Distribution
     50%   18.83ms
     75%   34.56ms
     90%   57.16ms
     99%   92.51ms
  1037 requests in 6.24s, 641.04KB read
Requests/sec:    166.10
Transfer/sec:    102.68KB
"""

# ansible-playbook pads the recap's columns and ends its lines with spaces.
RECAP = (
    "TASK [vpsforge.fastapi.nginx : Apply a changed configuration now (nginx -t, then reload)] "
    "***\n"
    "changed: [demo]\n"
    "\n"
    "PLAY RECAP *********************************************************************\n"
    "demo                       : ok=108  changed=2    unreachable=0    failed=0    "
    "skipped=31   rescued=0    ignored=0   \n"
    "demo-acme                  : ok=3    changed=0    unreachable=0    failed=0    "
    "skipped=0    rescued=0    ignored=0   \n"
)


def test_rate_limited_responses_count_as_failed() -> None:
    result = wrk.parse_wrk(RATE_LIMITED)
    assert result.requests == 18738
    assert result.requests_per_second == pytest.approx(9364.30)
    assert result.failed == 18698
    assert result.total == 18738


def test_percentiles_read_in_milliseconds_whatever_the_unit() -> None:
    result = wrk.parse_wrk(RATE_LIMITED)
    assert result.p50_ms == pytest.approx(0.341)
    assert result.p99_ms == pytest.approx(31.21)


def test_socket_errors_and_statuses_add_up_to_failed() -> None:
    result = wrk.parse_wrk(ERRORS)
    assert (result.connect_errors, result.read_errors, result.write_errors) == (0, 0, 0)
    assert result.timeouts == 5
    assert result.non_2xx_3xx == 4
    assert result.failed == 9
    # A timeout is a response that came late: wrk counts it among the requests already.
    assert result.total == 17
    assert result.seconds == pytest.approx(3.01)


def test_a_clean_run_has_no_failures() -> None:
    result = wrk.parse_wrk(PACED_CLEAN)
    assert (result.failed, result.total) == (0, 1037)
    assert result.seconds == pytest.approx(6.24)


def test_connection_errors_are_attempts_without_a_response() -> None:
    output = ERRORS.replace("connect 0, read 0, write 0", "connect 3, read 2, write 1")
    result = wrk.parse_wrk(output)
    assert result.total == 17 + 3 + 2 + 1
    assert result.failed == 4 + 3 + 2 + 1 + 5


def test_durations_in_minutes_and_seconds() -> None:
    assert wrk.to_ms("1.50", "m") == pytest.approx(90_000)
    assert wrk.to_ms("2.00", "s") == pytest.approx(2_000)
    assert wrk.to_ms("341.00", "us") == pytest.approx(0.341)


def test_without_latency_flag_no_percentiles() -> None:
    output = "\n".join(
        line for line in PACED_CLEAN.splitlines() if "%" not in line or "Stdev" in line
    )
    result = wrk.parse_wrk(output)
    assert result.p50_ms is None
    assert result.p99_ms is None
    assert result.requests == 1037


def test_output_without_summary_is_an_error() -> None:
    with pytest.raises(wrk.WrkOutputError, match="unable to connect"):
        wrk.parse_wrk("unable to connect to demo.vpsforge.test:https Connection refused\n")


def test_recap_of_the_named_host_only() -> None:
    counters = report.parse_recap(RECAP, "demo")
    assert counters["ok"] == 108
    assert counters["changed"] == 2
    assert counters["failed"] == 0
    assert report.parse_recap(RECAP, "demo-acme")["ok"] == 3


def test_no_recap_no_counters() -> None:
    assert report.parse_recap("ERROR! the playbook could not be found\n", "demo") == {}


def test_row_renders_empty_cells_as_dashes() -> None:
    row = report.Row("`deploy.yml`, no-op", "controller", seconds=41.2, note="88 ok, 0 changed")
    assert report.render_row(row) == (
        "| `deploy.yml`, no-op | controller | 41 s | \u2013 | \u2013 | \u2013 | \u2013 "
        "| 88 ok, 0 changed |"
    )


def test_load_row_renders_rate_latency_and_failures() -> None:
    row = report.Row("`GET /health`", "nginx", None, 1234.5, 3.456, 45.6, 0, 12345)
    assert report.render_row(row) == (
        "| `GET /health` | nginx | \u2013 | 1,234 | 3.46 ms | 46 ms | 0 / 12,345 |  |"
    )


def test_table_has_the_header_then_the_machine_line() -> None:
    table = report.render_table([report.Row("a", "b")], "Machine: x")
    lines = table.splitlines()
    assert lines[0].startswith("| Measurement | Path |")
    assert lines[2].startswith("| a | b |")
    assert lines[-1] == "Machine: x"
