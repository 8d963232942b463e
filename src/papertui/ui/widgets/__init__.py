"""Widgets of the reader: they receive data and post messages, never touch the store."""
