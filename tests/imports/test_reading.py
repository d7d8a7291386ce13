"""Reading front matter and bodies the many ways postmortems are written."""

from __future__ import annotations

import datetime as dt
from textwrap import dedent

import pytest

from app.imports import postmortem
from app.imports.document import ImportFileError, read_document
from app.incidents.enums import Severity, Status, Visibility

UTC = dt.UTC


def build(text: str, name: str = "outage.md") -> postmortem.Postmortem:
    meta, body = read_document(dedent(text).lstrip().encode())
    return postmortem.build(meta, body, path_id=name, file_name=name)


def test_both_spellings_of_start_and_end_give_the_same_times() -> None:
    ours = build("""
        ---
        title: Checkout errors
        started_at: 2017-02-28T17:37:00Z
        resolved_at: 2017-02-28T21:54:00+01:00
        ---
    """)
    theirs = build("""
        ---
        title: Checkout errors
        start_time: 2017-02-28T17:37:00Z
        end_time: 2017-02-28T21:54:00+01:00
        ---
    """)
    expected = {
        "started_at": dt.datetime(2017, 2, 28, 17, 37, tzinfo=UTC),
        "resolved_at": dt.datetime(2017, 2, 28, 20, 54, tzinfo=UTC),
    }
    for pm in (ours, theirs):
        assert {k: v for k, v in pm.times.items() if v} == expected
        assert pm.warnings == []


def test_categories_and_keywords_become_tags_and_company_and_product_services() -> None:
    pm = build("""
        ---
        title: S3 outage
        categories: [cloud, Config Change]
        keywords: [S3, us east, 2147483647, cloud]
        company: Amazon
        product: EC2, EBS, Amazon Elastic Block Store (EBS)
        ---
    """)
    assert pm.tags == ["cloud", "config-change", "s3", "us-east", "2147483647"]
    assert pm.services == ["amazon", "ec2", "ebs", "amazon-elastic-block-store-ebs"]


def test_services_given_win_over_company_and_product() -> None:
    pm = build("""
        ---
        title: Login errors
        services: [Auth, sessions]
        company: Acme
        product: Login
        tags: database
        ---
    """)
    assert pm.services == ["auth", "sessions"]
    assert pm.tags == ["database"]


@pytest.mark.parametrize(
    ("text", "name", "title", "source"),
    [
        (
            "# Queue backlog on payments\n\nThe queue grew.",
            "a.md",
            "Queue backlog on payments",
            "heading",
        ),
        ("Nothing to see.", "2019-06-dns-outage.md", "2019 06 dns outage", "file name"),
        (
            "Crates could not be downloaded. More text.",
            "04f5afd8-09fc-4314-9c60-7f942faca125.md",
            "Crates could not be downloaded",
            "first sentence",
        ),
    ],
    ids=["heading", "file-name", "uuid-file-name"],
)
def test_a_missing_title_is_derived_and_reported_as_a_warning(
    text: str, name: str, title: str, source: str
) -> None:
    pm = build(f"---\nseverity: SEV2\n---\n{text}\n", name)
    assert pm.title == title
    assert len(pm.warnings) == 1
    assert pm.warnings[0].startswith("no title; used ")
    assert source in pm.warnings[0]


def test_a_heading_used_as_the_title_is_not_repeated_in_the_summary() -> None:
    pm = build("---\nuuid: x\n---\n# Queue backlog\n\nThe queue grew.\n")
    assert pm.sections["summary"] == "The queue grew."


def test_times_without_an_offset_are_utc_with_one_warning_per_file() -> None:
    pm = build("""
        ---
        title: Slow search
        started_at: 2017-02-28 17:37:00
        resolved_at: "2017-02-28T19:00"
        detected_at: 2017-02-28
        mitigated_at: Tue, 28 Feb 2017 18:30:00 +0100
        ---
    """)
    assert pm.times["started_at"] == dt.datetime(2017, 2, 28, 17, 37, tzinfo=UTC)
    assert pm.times["resolved_at"] == dt.datetime(2017, 2, 28, 19, 0, tzinfo=UTC)
    assert pm.times["detected_at"] == dt.datetime(2017, 2, 28, tzinfo=UTC)
    assert pm.times["mitigated_at"] == dt.datetime(2017, 2, 28, 17, 30, tzinfo=UTC)
    assert pm.warnings == ["times without a UTC offset were read as UTC (started_at, resolved_at)."]


def test_a_time_that_cannot_be_read_is_left_empty_with_a_warning() -> None:
    pm = build("---\ntitle: T\nstarted_at: yesterday afternoon\n---\n")
    assert pm.times["started_at"] is None
    assert pm.warnings == [
        "started_at: 'yesterday afternoon' is not a time I can read; left empty."
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("SEV1", Severity.SEV1),
        ("sev-2", Severity.SEV2),
        ("Sev 3", Severity.SEV3),
        ("P0", Severity.SEV1),
        ("P1", Severity.SEV1),
        ("p2", Severity.SEV2),
        ("critical", Severity.SEV1),
        ("Major", Severity.SEV2),
        ("high", Severity.SEV2),
        ("medium", Severity.SEV3),
        ("low", Severity.SEV4),
        (4, Severity.SEV4),
    ],
)
def test_severities_are_read_the_ways_people_write_them(given: object, expected: Severity) -> None:
    pm = build(f"---\ntitle: T\nseverity: {given}\n---\n")
    assert pm.severity is expected
    assert pm.warnings == []


def test_an_unknown_severity_becomes_sev3_with_a_warning() -> None:
    pm = build("---\ntitle: T\nseverity: apocalyptic\n---\n")
    assert pm.severity is Severity.SEV3
    assert pm.warnings == ["severity 'apocalyptic' is not one I know; imported as SEV3."]


def test_status_defaults_to_published_and_visibility_to_internal() -> None:
    plain = build("---\ntitle: T\n---\n")
    assert (plain.status, plain.visibility) == (Status.PUBLISHED, Visibility.INTERNAL)
    draft = build("---\ntitle: T\nstatus: draft\nvisibility: private\n---\n")
    assert (draft.status, draft.visibility) == (Status.DRAFT, Visibility.RESTRICTED)


def test_an_unknown_visibility_is_restricted_to_be_safe() -> None:
    pm = build("---\ntitle: T\nvisibility: whoever\n---\n")
    assert pm.visibility is Visibility.RESTRICTED
    assert "made restricted" in pm.warnings[0]


def test_body_sections_map_to_review_sections_and_the_rest_stays_in_the_summary() -> None:
    pm = build("""
        ---
        title: Checkout errors
        summary: Checkout failed for 31 minutes.
        started_at: 2026-07-09T10:05:00Z
        ---
        Some context first.

        ## Impact
        - 2,300 failed checkouts

        ## Timeline
        - 10:12 UTC: Error rate rose.
        - **10:20**: Paged the database on-call.
          They joined within minutes.
        - 00:05: Closed the incident.

        ## Root cause
        A pooler kept old connections.

        ```
        ## not a heading inside code
        ```

        ## What went well
        The alert fired quickly.
    """)
    assert pm.sections["impact"] == "- 2,300 failed checkouts"
    assert pm.sections["went_well"] == "The alert fired quickly."
    assert pm.sections["summary"] == (
        "Checkout failed for 31 minutes.\n\nSome context first.\n\n## Root cause\n"
        "A pooler kept old connections.\n\n```\n## not a heading inside code\n```"
    )
    assert pm.timeline == [
        (dt.datetime(2026, 7, 9, 10, 12, tzinfo=UTC), "Error rate rose."),
        (
            dt.datetime(2026, 7, 9, 10, 20, tzinfo=UTC),
            "Paged the database on-call.\nThey joined within minutes.",
        ),
        (dt.datetime(2026, 7, 10, 0, 5, tzinfo=UTC), "Closed the incident."),
    ]
    assert pm.warnings == ["times without a UTC offset were read as UTC (timeline)."]


def test_a_timeline_that_is_not_a_list_of_times_stays_in_the_summary_as_written() -> None:
    pm = build("""
        ---
        title: T
        started_at: 2026-07-09T10:05:00Z
        ---
        ## Timeline
        Around lunch the queue started to grow.

        ## Impact
        None.
    """)
    assert pm.timeline == []
    assert pm.sections["summary"] == "## Timeline\nAround lunch the queue started to grow."
    assert pm.sections["impact"] == "None."


def test_the_import_id_is_the_uuid_else_the_ref_else_the_path() -> None:
    assert build("---\nuuid: abc-123\nref: INC-0042\n---\n").import_id == "abc-123"
    assert build("---\nref: inc-0042\n---\n").import_id == "ref:INC-0042"
    assert build("---\nref: inc-0042\n---\n").ref == "INC-0042"
    assert build("---\ntitle: T\n---\n", "2019/dns.md").import_id == "path:2019/dns.md"


def test_a_ref_not_like_ours_is_numbered_afresh_with_a_warning() -> None:
    pm = build("---\ntitle: T\nref: outage of 2019\n---\n")
    assert pm.ref is None
    assert pm.import_id == "ref:outage of 2019"
    assert "is not like INC-0042" in pm.warnings[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"---\ntitle: [unclosed\n---\n", "The front matter is not valid YAML at line 3"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a text file"),
        ("---\ntitle: caf\xe9\n---\n".encode("latin-1"), "This is not UTF-8 text"),
        (b"# Just Markdown\n", "No YAML front matter"),
        (b"---\n- a\n- b\n---\n", "The front matter must be fields (key: value), not a list"),
        (b"  \n", "The file is empty."),
    ],
    ids=["bad-yaml", "binary", "latin-1", "no-front-matter", "list", "empty"],
)
def test_files_that_cannot_be_read_say_why(data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError) as error:
        read_document(data)
    assert error.value.message.startswith(message)


def test_windows_line_endings_and_a_byte_order_mark_are_fine() -> None:
    meta, body = read_document(b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\nBody\r\n")
    assert meta == {"title": "T"}
    assert body == "Body\n"


def test_only_http_links_are_kept_as_the_source() -> None:
    assert build("---\ntitle: T\nurl: https://example.com/pm\n---\n").source_url == (
        "https://example.com/pm"
    )
    sneaky = build("---\ntitle: T\nurl: javascript:alert(1)\n---\n")
    assert sneaky.source_url is None
    assert "is not an http(s) link" in sneaky.warnings[0]
