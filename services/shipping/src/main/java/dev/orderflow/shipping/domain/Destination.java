package dev.orderflow.shipping.domain;

/** Where a shipment goes. */
public record Destination(String recipient, String line1, String line2, String postalCode, String city, String region,
                          String country) {
}
