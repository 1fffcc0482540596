package dev.kubewsgi.convert.apache;

/** One logical line of a configuration file: continuations joined, not yet split into words. */
public record ConfigLine(String text, Origin origin) {}
