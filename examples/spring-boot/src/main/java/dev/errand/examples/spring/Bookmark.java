package dev.errand.examples.spring;

/** A stored bookmark; title and category are null until the jobs have filled them in. */
public record Bookmark(long id, String url, String title, String category) {}
