"""Layout both writers share, so the Word and PDF packs look alike."""

KEY_FACT_WIDTHS = (0.16, 0.26, 0.20, 0.13, 0.16, 0.09)
"""Shares of the text width for the key facts columns: area, measure, value, UK, period, ref."""
