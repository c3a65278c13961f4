"""The survey's box on a user's home page: what it asks of them, by when, and progress."""

from django import template

from survey.selectors import reminders_for

register = template.Library()


@register.inclusion_tag("survey/_reminders.html")
def survey_reminders(user) -> dict:
    """Render the reminders and progress of the current survey for `user` (nothing if none)."""
    reminders, progress = reminders_for(user)
    return {
        "reminders": reminders,
        "progress": progress,
        "survey": progress.survey if progress else None,
    }
