package dev.kubewsgi.runtime.interp;

import dev.kubewsgi.runtime.config.Application;
import dev.kubewsgi.runtime.config.ImportScript;
import java.util.List;

/**
 * An application group (mod_wsgi's {@code WSGIApplicationGroup}): what every one of its interpreters
 * preloads, in order, before it serves.
 */
public record ApplicationGroup(
    String name, List<ImportScript> importScripts, List<Application> applications) {}
