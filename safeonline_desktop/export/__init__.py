"""Review packs: a neutral report model rendered as an Excel workbook (openpyxl) and a PDF report (reportlab). No Qt."""
