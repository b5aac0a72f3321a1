package dev.orderflow.order.persistence;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.orderflow.order.domain.Address;
import dev.orderflow.order.domain.CustomerSnapshot;
import dev.orderflow.order.domain.OrderLine;

/** The JSON documents of an order row: always read and written with the order, never queried on their own. */
/* Native executables: Jackson reads and writes these documents by reflection. */
@RegisterForReflection(targets = {OrderLine.class, Address.class, CustomerSnapshot.class})
final class Json {

    static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
    };
    static final TypeReference<List<Address>> ADDRESSES = new TypeReference<>() {
    };
    static final TypeReference<Address> ADDRESS = new TypeReference<>() {
    };
    static final TypeReference<CustomerSnapshot> CUSTOMER = new TypeReference<>() {
    };

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store " + value, e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document is not readable: " + json, e);
        }
    }
}
