"""Simplified Chinese: ISO first, so date inputs render a value the browser accepts."""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%n月%j日"]
