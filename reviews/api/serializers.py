"""The Reviews section of cases-api.md. Input is typed here; what it means is judged by the services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api.fields import FlagField, StrictSerializer
from portal.api.outcomes import OutcomeSerializer
from portal.models import Company, CounsellingUnit, User
from programs.api.serializers import CriterionRowSerializer, ScoreMapField
from reviews.models import Assignment, ConflictDeclaration, ReviewComment
from reviews.services.pool import REASON_MAX, ROUND_MAX
from reviews.services.revisions import PAGE_MAX, REPLY_MAX
from reviews.services.sheets import COMMENT_MAX, GENERAL_COMMENT_MAX


class ReviewerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")
    affiliation = serializers.SerializerMethodField()
    expertise = serializers.SerializerMethodField()
    editions = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "affiliation", "expertise", "editions"]
        read_only_fields = fields

    def _profile(self, user: User):
        return getattr(user, "reviewer_profile", None)

    def get_affiliation(self, user: User) -> str:
        profile = self._profile(user)
        return (profile.affiliation if profile else "") or user.affiliation

    def get_expertise(self, user: User) -> str:
        profile = self._profile(user)
        return profile.expertise if profile else ""

    def get_editions(self, user: User) -> list[str]:
        profile = self._profile(user)
        return list(profile.editions) if profile else []


class ConflictWriteSerializer(StrictSerializer):
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all(), required=False)
    unit = serializers.PrimaryKeyRelatedField(queryset=CounsellingUnit.objects.all(), required=False)
    reason = serializers.CharField(max_length=REASON_MAX)


class ConflictSerializer(serializers.ModelSerializer):
    withdrawn = serializers.SerializerMethodField(help_text="Cases whose assignment this declaration withdrew.")

    class Meta:
        model = ConflictDeclaration
        fields = ["id", "company", "unit", "reason", "declared_at", "withdrawn"]
        read_only_fields = fields

    def get_withdrawn(self, declaration) -> list[int]:
        return self.context.get("withdrawn", [])


class AssignmentWriteSerializer(StrictSerializer):
    reviewer = serializers.IntegerField(min_value=1)
    round = serializers.IntegerField(min_value=1, max_value=ROUND_MAX, required=False, default=1)


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer_name = serializers.CharField(source="reviewer.full_name")
    confirmed = serializers.SerializerMethodField()
    submitted = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "case",
            "reviewer",
            "reviewer_name",
            "round",
            "assigned_at",
            "confirmed",
            "submitted",
            "withdrawn_at",
            "withdrawn_reason",
        ]
        read_only_fields = fields

    def get_confirmed(self, assignment) -> bool:
        return assignment.confirmed

    def get_submitted(self, assignment) -> bool:
        sheet = getattr(assignment, "sheet", None)
        return sheet is not None and sheet.submitted


class SheetWriteSerializer(StrictSerializer):
    scores = ScoreMapField(allow_empty=False)
    bonus = ScoreMapField(required=False, default=dict)
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=COMMENT_MAX), required=False, default=dict
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=GENERAL_COMMENT_MAX)
    submit = FlagField(required=False, default=False)

    def validate_comments(self, comments: dict) -> dict:
        if len(comments) > 50:
            raise serializers.ValidationError(_("Too many entries."))
        return comments


class SheetSerializer(serializers.Serializer):
    """The sheet as the score-sheet calculator answers it (total, criteria, bonus counted, outcomes), with
    what the reviewer entered and whether it is submitted."""

    total = serializers.CharField()
    criteria = CriterionRowSerializer(many=True)
    bonus = serializers.CharField(help_text="The bonus counted (within the edition's bonus cap).")
    outcomes = OutcomeSerializer(many=True)
    scores = serializers.DictField(child=serializers.CharField())
    bonus_given = serializers.DictField(child=serializers.CharField())
    comments = serializers.DictField(child=serializers.CharField())
    comment = serializers.CharField()
    submitted = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)


class CaseSheetSerializer(serializers.Serializer):
    """One reviewer's sheet on a case, as the programme office sees it."""

    reviewer = serializers.IntegerField()
    reviewer_name = serializers.CharField()
    round = serializers.IntegerField()
    sheet = SheetSerializer(allow_null=True)


class PanelSheetSerializer(serializers.Serializer):
    reviewer = serializers.IntegerField()
    reviewer_name = serializers.CharField()
    total = serializers.CharField(allow_null=True)
    submitted = serializers.BooleanField()


class PanelRowSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    company = serializers.CharField()
    requested_gov = serializers.IntegerField()
    sheets = PanelSheetSerializer(many=True)
    mean = serializers.CharField(allow_null=True)
    spread = serializers.CharField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True)
    flagged = serializers.BooleanField(help_text="The spread exceeds the configured threshold.")


class CommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReviewComment
        fields = ["number", "reviewer_no", "criterion", "comment", "reply", "page", "replied_at"]
        read_only_fields = fields


class CommentReplySerializer(StrictSerializer):
    reply = serializers.CharField(allow_blank=True, max_length=REPLY_MAX)
    page = serializers.CharField(allow_blank=True, required=False, default="", max_length=PAGE_MAX)
