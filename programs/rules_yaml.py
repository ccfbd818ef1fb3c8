"""The rule set as an administrator types it (YAML), read safely: PyYAML's safe loader with bounds, so that
hostile or mistyped text is a clear form error, never a crash. Nesting deeper than any rule set needs would
exhaust the recursion of PyYAML's composer; an integer of thousands of digits exceeds Python's conversion
limit; an impossible date (2025-02-30) fails in the date constructor — each is refused with its line."""

import yaml
from django.utils.translation import gettext as _
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

MAX_DEPTH = 40  # a rule set nests a handful of levels
MAX_INTEGER_DIGITS = 30  # far above MONEY_MAX's 13 digits


class RulesLoader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent, index):
        if self._depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise ComposerError(None, None, _("nested more than %(max)s levels deep") % {"max": MAX_DEPTH}, mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node):
        try:
            value = super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts
            value = None
        if value is None or abs(value) >= 10**MAX_INTEGER_DIGITS:
            problem = _("a number of more than %(max)s digits") % {"max": MAX_INTEGER_DIGITS}
            raise ConstructorError(None, None, problem, node.start_mark)
        return value

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            problem = _("%(value)s is not a date of the calendar") % {"value": str(node.value)[:40]}
            raise ConstructorError(None, None, problem, node.start_mark) from None


RulesLoader.add_constructor("tag:yaml.org,2002:int", RulesLoader.construct_yaml_int)
RulesLoader.add_constructor("tag:yaml.org,2002:timestamp", RulesLoader.construct_yaml_timestamp)


def rules_yaml_load(text: str):
    """The YAML document in ``text``; yaml.YAMLError (with a mark where there is one) when it cannot be read."""
    return yaml.load(text, Loader=RulesLoader)  # a SafeLoader subclass: no arbitrary objects
