package dev.orderflow.customer.domain;

/** Loyalty tier. */
public enum Tier { STANDARD, SILVER, GOLD, PLATINUM }
