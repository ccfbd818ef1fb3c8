"""The case-management API (cases-api.md): cases, actions, documents, events. Views only translate between
HTTP and the services; a case the caller may not see answers 404 everywhere."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import selectors, services
from applications.models import Case, CaseDocument
from portal.language import current_lang
from programs import selectors as programme_selectors
from programs.models import Edition
from programs.rulesets import ruleset_for

from . import serializers as s


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"


def _if_match(request) -> int | None:
    """The case version an ``If-Match: "<version>"`` header names (None without the header)."""
    header = request.headers.get("If-Match")
    if not header:
        return None
    value = header.strip().removeprefix("W/").strip('"')
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        message = _('Give the case\'s version as returned in its ETag, e.g. "3".')
        raise exceptions.ValidationError({"If-Match": [message]})
    return int(value)


def _etag(response: Response, case: Case) -> Response:
    response["ETag"] = f'"{case.version}"'
    return response


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases the caller may see: their company's, their unit's, assigned to them, or all (programme office)."""

    serializer_class = s.CaseSerializer
    queryset = Case.objects.none()

    def get_queryset(self):
        filters = s.CaseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.cases_for_user(user=self.request.user, **filters.validated_data)

    def get_object(self) -> Case:
        try:
            return selectors.case_for_user(user=self.request.user, pk=int(self.kwargs["pk"]))
        except (Case.DoesNotExist, ValueError):
            raise Http404 from None

    @extend_schema(
        parameters=[OpenApiParameter("edition", str), OpenApiParameter("status", str)],
        responses=s.CaseSerializer(many=True),
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        return _etag(Response(s.CaseSerializer(case, context={"fresh": True}).data), case)

    @extend_schema(request=s.CaseWriteSerializer, responses={201: s.CaseSerializer})
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("applications.add_case"):
            raise exceptions.PermissionDenied()
        code = request.data.get("edition") if isinstance(request.data, dict) else None
        if not isinstance(code, str) or not code or "\x00" in code:
            raise exceptions.ValidationError({"edition": [_("Give the edition code, e.g. machinery-2025.")]})
        try:
            edition = programme_selectors.edition_current(code=code[:64])
        except Edition.DoesNotExist:
            raise exceptions.ValidationError({"edition": [_("Unknown edition code.")]}) from None
        serializer = s.CaseWriteSerializer(data=request.data, context={"ruleset": ruleset_for(edition)})
        serializer.is_valid(raise_exception=True)
        case = services.case_create(
            actor=request.user,
            edition=edition,
            data=serializer.service_data(),
            company=serializer.validated_data.get("company"),
        )
        case = selectors.case_for_user(user=request.user, pk=case.pk)
        return _etag(Response(s.CaseSerializer(case, context={"fresh": True}).data, status=201), case)

    @extend_schema(request=s.CaseWriteSerializer, responses=s.CaseSerializer)
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        if not request.user.has_perm("applications.change_case", case):
            raise exceptions.PermissionDenied(_("Only the company and its counselling unit edit the proposal."))
        if isinstance(request.data, dict):
            for fixed in ("edition", "company"):
                if fixed in request.data:
                    raise exceptions.ValidationError({fixed: [_("This cannot change after the case is created.")]})
        # not ``partial``: every field of the case is optional already, and a budget line or staffing row
        # that is given must be whole
        serializer = s.CaseWriteSerializer(data=request.data, context={"ruleset": ruleset_for(case.edition)})
        serializer.is_valid(raise_exception=True)
        try:
            case = services.case_update(
                actor=request.user, case=case, data=serializer.service_data(), expected_version=_if_match(request)
            )
        except services.StaleCase as exc:
            raise PreconditionFailed(exc.message) from None
        except services.CaseConflict as exc:
            raise Conflict(exc.message) from None
        case = selectors.case_for_user(user=request.user, pk=case.pk)
        return _etag(Response(s.CaseSerializer(case, context={"fresh": True}).data), case)

    @extend_schema(responses=s.EventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        case = self.get_object()
        page = self.paginate_queryset(selectors.case_events(case=case))
        return self.get_paginated_response(s.EventSerializer(page, many=True).data)


class CaseActionView(APIView):
    """``POST /cases/{id}/actions/{action}/``: one step of the case's workflow."""

    @extend_schema(
        request=dict,
        responses={200: s.CaseSerializer, 400: s.ActionRefusedSerializer, 403: None, 404: None, 409: None},
    )
    def post(self, request, pk: int, name: str):
        try:
            case = selectors.case_for_user(user=request.user, pk=pk)
        except Case.DoesNotExist:
            raise Http404 from None
        if name not in services.TRANSITIONS or name == "lapse":
            raise Http404
        payload = request.data if isinstance(request.data, dict) else None
        if payload is None:
            raise exceptions.ValidationError({"body": [_("Send a JSON object (it may be empty: {}).")]})
        try:
            case = services.case_transition(
                actor=request.user, case=case, action=name, payload=payload, lang=current_lang()
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from None
        except services.TransitionNotAllowed as exc:
            raise Conflict(exc.message) from None
        except services.CaseRefused as exc:
            return Response(
                {"errors": exc.errors, "outcomes": [o.as_dict() for o in exc.outcomes]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        case = selectors.case_for_user(user=request.user, pk=case.pk)
        return _etag(Response(s.CaseSerializer(case, context={"fresh": True}).data), case)


class CaseDocumentsView(GenericAPIView):
    """``GET``/``POST /cases/{id}/documents/``: the case's documents, every version kept (a page of them)."""

    parser_classes = [MultiPartParser]
    serializer_class = s.DocumentSerializer
    queryset = CaseDocument.objects.none()

    def _case(self, request, pk: int) -> Case:
        try:
            return selectors.case_for_user(user=request.user, pk=pk)
        except Case.DoesNotExist:
            raise Http404 from None

    @extend_schema(responses=s.DocumentSerializer(many=True))  # paginated like every list (the schema says so)
    def get(self, request, pk: int):
        case = self._case(request, pk)
        page = self.paginate_queryset(selectors.case_documents(case=case))
        return self.get_paginated_response(s.DocumentSerializer(page, many=True).data)

    @extend_schema(request={"multipart/form-data": s.DocumentUploadSerializer}, responses={201: s.DocumentSerializer})
    def post(self, request, pk: int):
        case = self._case(request, pk)
        serializer = s.DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            document = services.document_upload(
                actor=request.user,
                case=case,
                kind=serializer.validated_data["kind"],
                upload=serializer.validated_data["file"],
            )
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc) or None) from None
        except services.CaseConflict as exc:
            raise Conflict(exc.message) from None
        return Response(s.DocumentSerializer(document).data, status=201)


class CaseDocumentDownloadView(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): OpenApiResponse(description="the file")})
    def get(self, request, pk: int, doc: int):
        try:
            case = selectors.case_for_user(user=request.user, pk=pk)
            document = selectors.case_document(case=case, pk=doc)
        except (Case.DoesNotExist, CaseDocument.DoesNotExist):
            raise Http404 from None
        return document_response(document)


def document_response(document: CaseDocument) -> FileResponse:
    """The stored file, as an attachment under its uploaded name, never rendered inline by the browser."""
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
