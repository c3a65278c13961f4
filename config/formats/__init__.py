"""Site-wide format overrides (settings.FORMAT_MODULE_PATH).

A browser's <input type="date"> accepts only ISO dates (2026-12-01) as its value and shows
nothing for Django's zh-Hans default (2026/12/01). Forms render a date's initial value with
the first of DATE_INPUT_FORMATS, so ISO comes first here, once for every form; English has
ISO first already. The other spellings stay accepted when a form is submitted.
"""
