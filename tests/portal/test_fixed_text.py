"""``{% fixed_text %}``: contents rendered once per language in the process, and refused when the template is
read if they could differ between two requests."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

ENGINE = Engine(
    libraries={"portal_tags": "portal.templatetags.portal_tags", "static": "django.templatetags.static"},
    builtins=["django.templatetags.i18n"],
)


def template(body: str):
    return ENGINE.from_string("{% load static portal_tags %}" + body)


def test_the_contents_are_those_without_the_tag_in_each_language():
    body = '<a href="{% url "home" %}">{% translate "Log in" %}</a>'
    fixed = template("{% fixed_text %}" + body + "{% end_fixed_text %}")
    plain = template(body)
    for lang in ("zh-hant", "en", "zh-hant"):
        with translation.override(lang):
            assert fixed.render(Context()) == plain.render(Context())
    with translation.override("zh-hant"):
        assert fixed.render(Context()) == '<a href="/">登入</a>'
    with translation.override("en"):
        assert fixed.render(Context()) == '<a href="/">Log in</a>'


def test_they_are_rendered_once_per_language():
    fixed = template('{% fixed_text %}{% translate "Log in" %}{% end_fixed_text %}')
    node = next(n for n in fixed.nodelist if type(n).__name__ == "FixedTextNode")
    with translation.override("en"):
        fixed.render(Context())
        node.nodelist = []  # were it rendered again, it would now be empty
        assert fixed.render(Context()) == "Log in"


@pytest.mark.parametrize(
    "body",
    [
        "{{ user }}",
        "{% if x %}a{% endif %}",
        "{% for x in y %}a{% endfor %}",
        "{% translate name %}",
        '{% translate "Log in" as label %}',
        '{% translate "May" context kind %}',
        "{% url view_name %}",
        '{% url "case-detail" pk %}',
        "{% static path %}",
        "{% csrf_token %}",
    ],
)
def test_anything_that_could_differ_between_requests_is_refused_when_read(body):
    with pytest.raises(TemplateSyntaxError, match="fixed_text"):
        template("{% fixed_text %}" + body + "{% end_fixed_text %}")
