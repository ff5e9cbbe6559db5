"""The JUnit reporter, read back with xml.etree."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from archdsl.findings import Severity
from archdsl.report import format_run
from archdsl.report.run import Subject


def junit(run) -> ET.Element:
    text = format_run(run, "junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name"): case for case in suite.findall("testcase")}


def test_one_suite_per_file_one_case_per_subject(shop_run):
    root = junit(shop_run)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["models/shop.arch", "models/broken.arch"]
    shop = cases(suites[0])
    assert list(shop) == ["orders_db", "api", "checkout"]
    assert all(case.get("classname") == "models/shop.arch" for case in shop.values())


def test_errors_and_warnings_fail_their_case(shop_run):
    shop = cases(junit(shop_run).find("testsuite"))
    failure = shop["orders_db"].find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message").startswith("R001 rule-r001: orders_db has 1 replica")
    assert "models/shop.arch:2:13: R001 error" in failure.text
    assert "hint: set replicas = 2" in failure.text
    api_failure = shop["api"].find("failure")
    assert api_failure.get("type") == "warning"
    assert "R002" in api_failure.text and "R004" not in api_failure.text


def test_info_and_accepted_findings_do_not_fail(shop_run):
    shop = cases(junit(shop_run).find("testsuite"))
    assert shop["checkout"].find("failure") is None
    assert "R003 info" in shop["checkout"].find("system-out").text
    accepted = shop["api"].find("system-out").text
    assert "R004" in accepted and "accepted: internal tool, downtime is fine" in accepted


def test_counts_add_up(shop_run):
    root = junit(shop_run)
    for suite in root.findall("testsuite"):
        found = suite.findall("testcase")
        assert int(suite.get("tests")) == len(found)
        assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in found)
    assert root.get("tests") == "4" and root.get("failures") == "3"


def test_findings_about_no_subject_go_to_a_case_named_after_the_file(shop_run, mk):
    broken = cases(junit(shop_run).findall("testsuite")[1])
    assert list(broken) == ["models/broken.arch"]
    assert "E001" in broken["models/broken.arch"].find("failure").get("message")
    stray = mk.finding("E002", element="ghost", line=7)
    run = mk.run([stray], subjects=[Subject("api", "component", "models/shop.arch", 1)])
    shop = cases(junit(run).find("testsuite"))
    assert list(shop) == ["api", "models/shop.arch"]
    assert shop["api"].find("failure") is None


def test_clean_file_without_subjects_is_one_passing_case(mk):
    root = junit(mk.run([], files=["models/empty.arch"]))
    suite = root.find("testsuite")
    assert suite.get("tests") == "1" and suite.get("failures") == "0"
    assert cases(suite)["models/empty.arch"].find("failure") is None


def test_several_findings_make_one_failure(mk):
    run = mk.run(
        [
            mk.finding("R001", element="db", line=2),
            mk.finding("R002", Severity.WARNING, element="db", line=3),
        ],
        subjects=[Subject("db", "component", "models/shop.arch", 2)],
    )
    case = junit(run).find("testsuite/testcase")
    failures = case.findall("failure")
    assert len(failures) == 1
    assert failures[0].get("message") == "R001 rule-r001: problem R001 (and 1 more)"
    assert failures[0].get("type") == "error"
    assert failures[0].text.count("\n") == 1
