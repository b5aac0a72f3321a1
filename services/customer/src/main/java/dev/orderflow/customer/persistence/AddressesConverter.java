package dev.orderflow.customer.persistence;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a customer's addresses as one JSON document in a text column: they are always read and
 * written with the customer, never queried on their own.
 */
@Converter
public class AddressesConverter implements AttributeConverter<List<CustomerEntity.AddressData>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<CustomerEntity.AddressData>> TYPE = new TypeReference<>() {
    };

    @Override
    public String convertToDatabaseColumn(List<CustomerEntity.AddressData> addresses) {
        try {
            return JSON.writeValueAsString(addresses == null ? List.of() : addresses);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store addresses", e);
        }
    }

    @Override
    public List<CustomerEntity.AddressData> convertToEntityAttribute(String json) {
        try {
            return json == null ? new ArrayList<>() : new ArrayList<>(JSON.readValue(json, TYPE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored addresses are not readable: " + json, e);
        }
    }
}
