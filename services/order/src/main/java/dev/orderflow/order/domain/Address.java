package dev.orderflow.order.domain;

/** Where an order is shipped. */
public record Address(String recipient, String line1, String line2, String postalCode, String city, String region,
                      String country) {
}
