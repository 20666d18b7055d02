"""Licensing guidance (CPF 4.2): licenses as data, in plain language."""
