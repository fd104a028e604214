"""Widgets the screens and steps share: fields, capture lines, record tables, note lines, footer, top bar."""
