package dev.orderflow.order.domain;

/** The customer's loyalty tier, which decides the shipping fee. */
public enum Tier { STANDARD, SILVER, GOLD, PLATINUM }
