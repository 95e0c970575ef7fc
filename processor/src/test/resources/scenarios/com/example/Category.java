package com.example;

public enum Category { NEWS, TECH, OTHER }
