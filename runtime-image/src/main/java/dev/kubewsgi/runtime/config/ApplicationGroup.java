package dev.kubewsgi.runtime.config;

import java.util.List;

/**
 * An application group (mod_wsgi's {@code WSGIApplicationGroup}): what every one of its
 * interpreters preloads, in order, before it serves.
 */
public record ApplicationGroup(
    String name, List<ImportScript> importScripts, List<Application> applications) {}
