"""Forms for joint meetings and documents, and their period filter."""

from django import forms

from core.forms import PeriodFilterForm
from reports.models import JointMeeting, PolicyDocument

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    """A joint meeting: date, chair, attendees, decisions."""

    class Meta:
        model = JointMeeting
        fields = ["held_on", "chaired_by", "attendees", "decisions"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class DocumentForm(forms.ModelForm):
    """A document issued: title (without 《》), issuer, number, date."""

    class Meta:
        model = PolicyDocument
        fields = ["title", "issuer", "number", "issued_on"]
        widgets = {"issued_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)


class RecordFilterForm(PeriodFilterForm):
    """Meetings and documents are county-wide: they filter by period only."""
