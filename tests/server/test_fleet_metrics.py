"""A job on a teacher fleet the operator configured: its summary and /metrics count requests
per replica."""

from __future__ import annotations

import re
import time

from validators.samples import SAMPLE_RECORD


def test_a_fleet_job_counts_requests_per_replica(live_server, teacher_server):
    replicas = [teacher_server(delay=0.05), teacher_server(delay=0.05)]
    fleet = ",".join(r.api for r in replicas)
    server = live_server({"teachers": [fleet]})
    seeds = [SAMPLE_RECORD.replace("copiste-sample-0001", f"seed-{i}") for i in range(4)]
    body = {"task": "unimarc", "method": "backtranslation", "seeds": seeds, "teacher": fleet}
    with server.client() as client:
        response = client.post("/v1/jobs", json={**body, "n": 8, "concurrency": 4})
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]
        deadline = time.monotonic() + 60
        while (job := client.get(f"/v1/jobs/{job_id}").json())["status"] != "succeeded":
            assert job["status"] in ("queued", "running") and time.monotonic() < deadline, job
            time.sleep(0.1)
        metrics = client.get("/metrics").text

    counts = job["summary"]["replicas"]
    assert list(counts) == [r.api for r in replicas]
    assert sum(c["answered"] for c in counts.values()) == 8
    assert all(c["answered"] >= 1 and c["healthy"] == 1 for c in counts.values())
    for replica in replicas:
        line = re.search(
            rf'copiste_teacher_replica_requests_total\{{endpoint="{re.escape(replica.api)}",'
            rf'outcome="answered"\}} (\S+)',
            metrics,
        )
        assert line is not None, metrics
        assert float(line.group(1)) == counts[replica.api]["answered"]
