"""Walk the portal's pages and API as a person would, in a process of its own whose settings point at an outage
(tests/portal/test_outages.py runs it with DATABASE_URL or REDIS_URL at a port where nothing listens). Reads the
walk from the WALK environment variable (JSON) and prints one JSON line per request: what came back."""

import json
import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
django.setup()

from django.test import Client  # noqa: E402


def main() -> None:
    walk = json.loads(os.environ["WALK"])
    phrases = json.loads(os.environ.get("WALK_FIND", "[]"))  # reported when a body holds them
    for step in walk:
        client = Client(raise_request_exception=False, HTTP_HOST="localhost")
        if step.get("user"):
            from portal.models import User

            client.force_login(User.objects.get(pk=step["user"]))
        extra = {"HTTP_HX_REQUEST": "true"} if step.get("htmx") else {}
        if step.get("token"):
            extra["HTTP_AUTHORIZATION"] = f"Token {step['token']}"
        method = step.get("method", "get")
        if step.get("json") is not None:
            response = getattr(client, method)(
                step["url"], json.dumps(step["json"]), content_type="application/json", **extra
            )
        elif method == "post":
            data = dict(step.get("data", {}))
            for field, path in step.get("files", {}).items():
                data[field] = open(path, "rb")  # noqa: SIM115 — read by the client, closed with the process
            response = client.post(step["url"], data, **extra)
        else:
            response = client.get(step["url"], **extra)
        body = b"" if response.streaming else response.content
        text = body.decode(errors="replace")
        print(
            json.dumps(
                {
                    "who": step.get("who", "anonymous"),
                    "method": method,
                    "url": step["url"],
                    "status": response.status_code,
                    "type": response.get("Content-Type", ""),
                    "body": text[:300],
                    "found": [p for p in phrases if p in text],
                },
                ensure_ascii=False,
            )
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
