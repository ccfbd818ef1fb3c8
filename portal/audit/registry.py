from dataclasses import dataclass


@dataclass(frozen=True)
class AuditOptions:
    ignore: tuple[str, ...] = ("updated_at",)  # columns whose change alone is not worth an event
    mask: tuple[str, ...] = ()  # columns recorded as changed without their values


_registry: dict[type, AuditOptions] = {}


def audited(*, ignore: tuple[str, ...] = (), mask: tuple[str, ...] = ()):
    """Class decorator: record every insert, update and delete of the model's table."""

    def register(model_class):
        _registry[model_class] = AuditOptions(ignore=("updated_at", *ignore), mask=mask)
        return model_class

    return register


def audited_models() -> dict[type, AuditOptions]:
    return dict(_registry)
