"""Pages written back into the vault, rendered from the reports; all words come from ``i18n``.

``parts`` lists the page types and assembles a whole build's pages; each other module renders
one kind of page.
"""
