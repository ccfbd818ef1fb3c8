from rest_framework.permissions import BasePermission

ACTION_VERBS = {
    "create": "add",
    "retrieve": "view",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


class RulesPermission(BasePermission):
    """Model permissions answered by the rules in ``portal.permissions`` (object-level where there is an
    object). Lists need only a signed-in user: their querysets are already filtered by the same rules."""

    def _perm(self, view, verb: str) -> str:
        meta = view.get_queryset().model._meta
        return f"{meta.app_label}.{verb}_{meta.model_name}"

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if getattr(view, "action", None) == "create":
            return request.user.has_perm(self._perm(view, "add"))
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        verb = ACTION_VERBS.get(getattr(view, "action", None) or "", "view")
        return request.user.has_perm(self._perm(view, verb), obj)
