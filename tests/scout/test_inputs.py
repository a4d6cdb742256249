"""Reading reports: plain text, HTML, PDF text layers; and the one-line refusals of bad input."""

import pytest

from trialscout._validate import InputError
from trialscout.scout import read_report, scout_file, scout_text
from pathlib import Path

CORPUS_DIR = Path(__file__).parent / "corpus"

SENT = ("Median OS was 24.1 months (95% CI, 20.3-27.9) in the drugamab arm vs 15.2 months (95% CI, 13.0-17.8) "
        "in the placebo arm (HR, 0.55; 95% CI, 0.39-0.79).")


def _key(res):
    return sorted((r.endpoint, r.kind, r.arm, r.value, r.ci_lower, r.ci_upper) for r in res.records)


def test_html_tags_and_entities(tmp_path):
    html = ("<!DOCTYPE html><html><head><style>p{}</style><script>var x = 'HR 9.9';</script></head><body>"
            "<p>Median OS was 24.1&nbsp;months (95%&#160;CI, 20.3&ndash;27.9) in the <b>drugamab</b> arm vs 15.2 "
            "months (95% CI, 13.0&minus;17.8) in the placebo arm (HR, 0.55; 95% CI, 0.39&ndash;0.79).</p></body></html>")
    p = tmp_path / "r.html"
    p.write_text(html, encoding="utf-8")
    assert "<" not in read_report(p) and "var x" not in read_report(p)
    assert _key(scout_file(p)) == _key(scout_text(SENT))
    assert len(_key(scout_text(SENT))) == 3


def test_pdf_text_layer(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(9, 2))
        fig.text(0.01, 0.5, SENT, fontsize=5)
        fig.savefig(tmp_path / "r.pdf")
        plt.close(fig)
        fig = plt.figure()
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1])
        ax.axis("off")  # a page with drawings and no text, like a scan
        fig.savefig(tmp_path / "scan.pdf")
        plt.close(fig)
    assert _key(scout_file(tmp_path / "r.pdf")) == _key(scout_text(SENT))
    with pytest.raises(InputError, match="no text layer.*OCR"):
        scout_file(tmp_path / "scan.pdf")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (bytes(range(256)) * 20, "binary"),
    (b"caf\xe9 au lait: median OS 12 months", "not UTF-8"),
    (b"%PDF-1.4 broken", "not a readable PDF"),
])
def test_bad_input(tmp_path, data, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    with pytest.raises(InputError, match=message) as exc:
        scout_file(p)
    assert str(p) in str(exc.value) and "\n" not in str(exc.value)


def test_utf16_and_bom(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes(SENT.encode("utf-16"))
    assert _key(scout_file(p)) == _key(scout_text(SENT))
    q = tmp_path / "bom.txt"
    q.write_bytes(b"\xef\xbb\xbf" + SENT.encode())
    assert _key(scout_file(q)) == _key(scout_text(SENT))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        scout_file(tmp_path / "nope.txt")
    with pytest.raises(TypeError, match="`text` must be a str"):
        scout_text(b"bytes")  # type: ignore[arg-type]


def test_a_pipe_or_a_folder_is_refused_before_reading(tmp_path):
    import os

    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)  # reading it would wait for a writer for ever
    with pytest.raises(InputError, match="not a regular file"):
        scout_file(fifo)
    with pytest.raises(InputError, match="is a folder"):
        scout_file(tmp_path)


def test_reports_read_in_two_processes_give_the_same_results(tmp_path):
    from trialscout.scout import scout_paths, scout_text, scout_texts

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))[:12]]
    one = [scout_text(t) for t in texts]
    two = scout_texts(texts, workers=2)
    assert [r.to_json() for r in two] == [r.to_json() for r in one]
    for i, t in enumerate(texts):
        (tmp_path / f"r{i:02d}.txt").write_text(t, encoding="utf-8")
    assert [r.to_json() for r in scout_paths([tmp_path], workers=2)] == [r.to_json() for r in one]
    with pytest.raises(InputError, match="`workers`"):
        scout_texts(texts, workers=0)
