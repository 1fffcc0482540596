"""flask: one Flask route returning JSON."""
from flask import Flask, jsonify

app = Flask(__name__)


@app.route("/")
def index():
    return jsonify(message="Hello, World!", total=sum(range(100)))


application = app
