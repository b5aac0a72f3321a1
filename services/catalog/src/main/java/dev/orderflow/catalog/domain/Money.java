package dev.orderflow.catalog.domain;

import java.util.Currency;

/** An amount in minor units (cents for EUR) of an ISO 4217 currency. */
public record Money(long minor, String currency) {

    public Money {
        if (minor < 0) {
            throw new InvalidProductException("price must not be negative, was " + minor);
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new InvalidProductException("currency must be an ISO 4217 code like EUR, was " + currency);
        }
        try {
            Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw new InvalidProductException("unknown currency " + currency);
        }
    }
}
