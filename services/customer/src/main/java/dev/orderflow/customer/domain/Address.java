package dev.orderflow.customer.domain;

import java.util.Locale;
import java.util.Set;

/** A postal address; the country is an ISO 3166-1 alpha-2 code. */
public record Address(String recipient, String line1, String line2, String postalCode, String city, String region,
                      String country) {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public Address {
        recipient = required(recipient, "recipient");
        line1 = required(line1, "line1");
        line2 = optional(line2);
        postalCode = required(postalCode, "postalCode");
        city = required(city, "city");
        region = optional(region);
        if (country == null || !COUNTRIES.contains(country)) {
            throw new InvalidCustomerException("country must be an ISO 3166-1 alpha-2 code like DE, was " + country);
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank() || value.length() > 200) {
            throw new InvalidCustomerException("address " + field + " must be 1-200 characters");
        }
        return value.strip();
    }

    private static String optional(String value) {
        if (value != null && value.length() > 200) {
            throw new InvalidCustomerException("address fields are at most 200 characters");
        }
        return value == null || value.isBlank() ? null : value.strip();
    }
}
