"""Licensing guidance on the platform (CPF 4.2): license pages, recommended packages, legal
reviews per entity, the requirements survey, the use-case chooser, compatibility, learning and
office hours. The rules themselves live in the `osunited.licenses` engine."""
