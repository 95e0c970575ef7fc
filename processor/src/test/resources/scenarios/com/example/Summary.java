package com.example;

import java.util.List;

public record Summary(String url, String title, List<String> keywords, Category category) {}
