"""A small Flask application: a JSON API over an in-memory catalogue, an HTML page, a slow route.

The catalogue is built by the import script (preload.py) before the pod is Ready, the way a
real application would load reference data or open connection pools in a WSGIImportScript.
"""

import os
import time

from flask import Flask, abort, jsonify, render_template_string, request

import catalogue

app = Flask(__name__)

PAGE = """<!doctype html>
<title>kubewsgi Flask example</title>
<link rel="stylesheet" href="/static/shop.css">
<h1>{{ items|length }} items</h1>
<ul>{% for item in items %}<li>{{ item.name }}: {{ "%.2f"|format(item.price) }}</li>{% endfor %}</ul>
"""


@app.get("/")
def index():
    return render_template_string(PAGE, items=catalogue.first(20))


@app.get("/api/items")
def items():
    page = request.args.get("page", default=1, type=int)
    size = min(request.args.get("size", default=10, type=int), 100)
    return jsonify(items=catalogue.page(page, size), page=page, total=catalogue.count())


@app.get("/api/items/<int:item_id>")
def item(item_id):
    found = catalogue.get(item_id)
    if found is None:
        abort(404)
    return jsonify(found)


@app.get("/slow")
def slow():
    """Answers after ?seconds= (at most 30): long requests in flight during a rollout."""
    seconds = min(request.args.get("seconds", default=2.0, type=float), 30.0)
    time.sleep(seconds)
    return jsonify(slept=seconds, pid=os.getpid())


@app.get("/about")
def about():
    return jsonify(preloaded=catalogue.count() > 0, pod=os.environ.get("POD_NAME", "local"))
