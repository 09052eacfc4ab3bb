"""`safeonline export ID --xlsx FILE --pdf FILE [--lang] [--redact]`."""

from __future__ import annotations

import json

from export_helpers import pdf_text
from openpyxl import load_workbook

from safeonline_desktop.cli import main


def test_export_command_writes_both_files(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["demo", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    xlsx, pdf = tmp_path / "pack.xlsx", tmp_path / "pack.pdf"
    code = main(["export", "1", "--data-dir", str(data), "--xlsx", str(xlsx), "--pdf", str(pdf), "--lang", "es",
                 "--redact", "--paper", "Letter", "--confidential", "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"files": [str(xlsx), str(pdf)], "language": "es", "redacted": True, "paper": "Letter",
                   "confidential": True}
    text = pdf_text(pdf)
    assert "Resumen ejecutivo" in text and "CONFIDENCIAL" in text and "Dr Mirela Kostan" not in text
    assert load_workbook(xlsx).sheetnames[0] == "Portada"


def test_export_command_errors_are_one_sentence(tmp_path, capsys):
    data = tmp_path / "data"
    main(["demo", "--data-dir", str(data)])
    capsys.readouterr()
    assert main(["export", "1", "--data-dir", str(data)]) == 1
    assert "Say what to write: --xlsx FILE, --pdf FILE, or both." in capsys.readouterr().err
    assert main(["export", "1", "--data-dir", str(data), "--pdf", str(tmp_path / "no" / "r.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("safeonline: error: The folder") and "does not exist" in err
    assert main(["export", "7", "--data-dir", str(data), "--pdf", str(tmp_path / "r.pdf")]) == 1
    assert "safeonline: error:" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()
